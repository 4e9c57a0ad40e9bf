package io.llmsvc.gateway.keys;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.Authenticator;
import io.llmsvc.gateway.auth.Principal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer API keys ({@code sk-llmsvc-...}): SHA-256 of the token, then the key with that hash. Hot keys are cached
 * for {@code ttl} (default 5 s): a revocation, limit change, role change or disabling made in this process clears
 * the cache entries at once; other gateway replicas see it within the TTL. Expiry is checked on every request. Last use is recorded in memory
 * and written in batches by {@link KeyUsageRecorder}.
 */
public final class ApiKeyAuthenticator implements Authenticator {
    /** Bound on cached keys; past it the cache starts over (a flood of distinct keys cannot grow memory). */
    static final int MAX_CACHED = 10_000;

    private record Cached(ApiKey key, Principal principal, long loadedMillis) {}

    private final ApiKeyStore store;
    private final KeyOwners owners;
    private final KeyUsageRecorder usage;
    private final InstantSource clock;
    private final long ttlMillis;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeyAuthenticator(ApiKeyStore store, KeyOwners owners, KeyUsageRecorder usage, InstantSource clock, long ttlMillis) {
        this.store = store;
        this.owners = owners;
        this.usage = usage;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Optional<Principal> fromBearer(String token) {
        if (token == null || !token.startsWith(KeySecrets.MARKER) || token.length() > 200) return Optional.empty();
        String hash = KeySecrets.hash(token);
        long now = clock.millis();
        Cached c = cache.get(hash);
        if (c == null || now - c.loadedMillis() >= ttlMillis) {
            Optional<ApiKey> found = store.findByHash(hash);
            if (found.isEmpty()) {
                cache.remove(hash);
                return Optional.empty();
            }
            ApiKey k = found.get();
            c = new Cached(k, k.revokedAt() == null ? owners.principal(k) : null, now);
            if (ttlMillis > 0) {
                if (cache.size() >= MAX_CACHED) cache.clear();
                cache.put(hash, c);
            }
        }
        if (c.key().revokedAt() != null) throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "API key revoked");
        Instant at = Instant.ofEpochMilli(now);
        if (c.key().expired(at)) throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "API key expired");
        usage.used(c.key().id(), at);
        return Optional.of(c.principal());
    }

    /** Forgets every key of a user in this process (after their roles changed or they were disabled). */
    public void invalidateUser(String userId) {
        cache.values().removeIf(c -> c.key().userId().equals(userId));
    }

    /** Forgets a key in this process (after a revocation or change). */
    void invalidate(String keyId) {
        cache.values().removeIf(c -> c.key().id().equals(keyId));
    }
}
