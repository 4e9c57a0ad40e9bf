package io.llmsvc.gateway.users;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds sign-ups, each of which costs a memory-hard password hash: at most {@code perAddress} per client address
 * per hour and {@code global} per minute from everyone ({@code llmsvc.users.signups-per-address},
 * {@code llmsvc.users.signups-per-minute}). 429 with Retry-After beyond either. In memory, per gateway
 * process (a restart forgets; a flood of addresses is bounded by the global limit).
 */
final class SignupLimiter {
    static final Duration ADDRESS_WINDOW = Duration.ofHours(1);
    static final Duration GLOBAL_WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 100_000;

    private final InstantSource clock;
    private final int perAddress;
    private final int perMinute;
    private final ConcurrentHashMap<String, ArrayDeque<Instant>> byAddress = new ConcurrentHashMap<>();
    private final ArrayDeque<Instant> global = new ArrayDeque<>();

    SignupLimiter(InstantSource clock, int perAddress, int perMinute) {
        this.clock = clock;
        this.perAddress = perAddress;
        this.perMinute = perMinute;
    }

    /** Counts one sign-up attempt from {@code address}; 429 when it is over a limit (then it is not counted). */
    void acquire(String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_ADDRESSES) sweep(now);
        ArrayDeque<Instant> mine = byAddress.computeIfAbsent(address == null ? "" : address, k -> new ArrayDeque<>());
        synchronized (global) {
            long addressWait = waitFor(mine, perAddress, ADDRESS_WINDOW, now);
            long globalWait = waitFor(global, perMinute, GLOBAL_WINDOW, now);
            long wait = Math.max(addressWait, globalWait);
            if (wait > 0) {
                throw new RateLimitedException(ErrorCode.RATE_LIMITED, addressWait > 0
                        ? "too many sign-ups from this address; try again in " + wait + " s"
                        : "too many sign-ups right now; try again in " + wait + " s", wait);
            }
            mine.addLast(now);
            global.addLast(now);
        }
    }

    /** Seconds until {@code times} has room for one more within {@code window}; 0 when it has room now. */
    private static long waitFor(ArrayDeque<Instant> times, int max, Duration window, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) times.removeFirst();
        if (times.size() < max) return 0;
        return Math.max(1, Duration.between(now, times.peekFirst().plus(window)).toSeconds() + 1);
    }

    private void sweep(Instant now) {
        synchronized (global) {
            byAddress.values().removeIf(d -> {
                while (!d.isEmpty() && !d.peekFirst().plus(ADDRESS_WINDOW).isAfter(now)) d.removeFirst();
                return d.isEmpty();
            });
        }
    }
}
