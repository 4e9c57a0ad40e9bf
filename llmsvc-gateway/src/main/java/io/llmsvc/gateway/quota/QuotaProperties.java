package io.llmsvc.gateway.quota;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key limits ({@code llmsvc.limits.*}).
 *
 * @param store            where the counters live: {@code memory} (per gateway process) or {@code redis} (shared by
 *                         every gateway replica, so a limit holds across replicas)
 * @param redisUrl         {@code redis://[user:password@]host:port[/db]} or {@code rediss://...} ({@code LLMSVC_REDIS_URL});
 *                         required when {@code store=redis}, never connected to otherwise
 * @param redisPrefix      namespace of this deployment's Redis keys
 * @param redisTimeout     how long a counter call may take before the request fails with 503
 * @param concurrencyLease a Redis concurrency slot expires this long after its last renewal, so a crashed gateway
 *                         does not hold slots forever; live requests renew their slots every third of it
 * @param keyCacheTtl      how long a replica caches an API key; a revocation or limit change made through another
 *                         replica takes effect here within this time (in the replica that made it, at once)
 * @param flushInterval    how often key usage (last use, budget consumption) is written to the database
 */
@ConfigurationProperties("llmsvc.limits")
public record QuotaProperties(
        @DefaultValue("memory") String store,
        String redisUrl,
        @DefaultValue("llmsvc") String redisPrefix,
        @DefaultValue("2s") Duration redisTimeout,
        @DefaultValue("30s") Duration concurrencyLease,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("1s") Duration flushInterval) implements ValidatedSettings {

    public static QuotaProperties defaults() {
        return new QuotaProperties("memory", null, "llmsvc", Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public boolean redis() { return "redis".equals(store); }

    @Override
    public void validate() {
        if (!"memory".equals(store) && !"redis".equals(store)) {
            throw new InvalidSettingException("llmsvc.limits.store", "memory or redis");
        }
        if (redis() && (redisUrl == null || redisUrl.isBlank())) {
            throw new InvalidSettingException("llmsvc.limits.redis-url", "a redis:// URL (LLMSVC_REDIS_URL), since llmsvc.limits.store is redis");
        }
        if (redisUrl != null && !redisUrl.isBlank() && !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw new InvalidSettingException("llmsvc.limits.redis-url", "a redis:// or rediss:// URL");
        }
        if (redisPrefix == null || !redisPrefix.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new InvalidSettingException("llmsvc.limits.redis-prefix", "1 to 40 letters, digits, '_', '.' or '-'");
        }
        if (redisTimeout == null || redisTimeout.toMillis() < 10) {
            throw new InvalidSettingException("llmsvc.limits.redis-timeout", "a duration of at least 10ms, such as 2s");
        }
        if (concurrencyLease == null || concurrencyLease.toMillis() < 3000) {
            throw new InvalidSettingException("llmsvc.limits.concurrency-lease", "a duration of at least 3s, such as 30s");
        }
        if (keyCacheTtl == null || keyCacheTtl.isNegative() || keyCacheTtl.toMinutes() > 10) {
            throw new InvalidSettingException("llmsvc.limits.key-cache-ttl", "a duration from 0s to 10m, such as 5s");
        }
        if (flushInterval == null || flushInterval.toMillis() < 100 || flushInterval.toMinutes() > 5) {
            throw new InvalidSettingException("llmsvc.limits.flush-interval", "a duration from 100ms to 5m, such as 1s");
        }
    }

    /** The Redis URL without credentials, for messages. */
    public String redisUrlForLog() {
        if (redisUrl == null) return null;
        int at = redisUrl.lastIndexOf('@');
        int scheme = redisUrl.indexOf("://");
        return at > 0 && scheme > 0 ? redisUrl.substring(0, scheme + 3) + "***@" + redisUrl.substring(at + 1) : redisUrl;
    }
}
