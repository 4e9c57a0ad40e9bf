package io.llmsvc.gateway.users;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brute-force protection for logins and password checks, kept in memory: per gateway replica, so with N replicas an
 * attacker gets up to N times the attempts before every replica has locked. A key (a username or a client address)
 * with {@code maxFailures} failures within the window is locked for the lock time, doubled for every further failure
 * after that, up to the longest lock. While locked, attempts are refused before any password is checked.
 */
final class LoginThrottle {
    /** Keys remembered at most; beyond this, forgotten keys are swept before a new one is added. */
    static final int MAX_KEYS = 100_000;

    private final InstantSource clock;
    private final Duration window;
    private final Duration lock;
    private final Duration maxLock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    LoginThrottle(InstantSource clock, Duration window, Duration lock, Duration maxLock) {
        this.clock = clock;
        this.window = window;
        this.lock = lock;
        this.maxLock = maxLock;
    }

    private static final class Entry {
        int failures;
        Instant lastFailure = Instant.EPOCH;
        Instant lockedUntil = Instant.EPOCH;
    }

    /** Throws 429 with Retry-After when any of the keys is locked. */
    void check(String... keys) {
        Instant now = clock.instant();
        long wait = 0;
        for (String k : keys) {
            Entry e = entries.get(k);
            if (e == null) continue;
            synchronized (e) {
                if (e.lockedUntil.isAfter(now)) wait = Math.max(wait, Duration.between(now, e.lockedUntil).toMillis());
            }
        }
        if (wait > 0) {
            long seconds = (wait + 999) / 1000;
            throw new RateLimitedException(ErrorCode.RATE_LIMITED,
                    "too many failed login attempts; try again in " + seconds + " s", seconds);
        }
    }

    /** Records one failure against a key that allows {@code maxFailures} before locking. */
    void failed(String key, int maxFailures) {
        Instant now = clock.instant();
        if (entries.size() >= MAX_KEYS && !entries.containsKey(key)) sweep(now);
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (e) {
            if (Duration.between(e.lastFailure, now).compareTo(window) > 0 && !e.lockedUntil.isAfter(now)) e.failures = 0;
            e.failures++;
            e.lastFailure = now;
            if (e.failures >= maxFailures) {
                int doublings = Math.min(e.failures - maxFailures, 30);
                Duration d = lock.multipliedBy(1L << doublings);
                e.lockedUntil = now.plus(d.compareTo(maxLock) > 0 ? maxLock : d);
            }
        }
    }

    /** A successful login forgets the key's failures. */
    void succeeded(String key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    private void sweep(Instant now) {
        entries.entrySet().removeIf(en -> {
            Entry e = en.getValue();
            synchronized (e) {
                return !e.lockedUntil.isAfter(now) && Duration.between(e.lastFailure, now).compareTo(window) > 0;
            }
        });
    }
}
