package io.llmsvc.gateway.quota;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis, shared by every gateway replica: each admission and each finish is one Lua script, so the
 * check-then-count step is atomic across replicas. Keys of one API key share a hash tag ({@code {id}}), so the
 * scripts also work on Redis Cluster. Time comes from the gateway's clock (replicas are assumed NTP-synchronised;
 * windows are one-second buckets). Concurrency slots are leases in a sorted set scored by expiry: a live request
 * renews its lease every third of {@code leaseTtl}; a crashed gateway's slots expire after at most {@code leaseTtl}.
 */
final class RedisCounterStore implements CounterStore {
    private static final Logger log = LoggerFactory.getLogger(RedisCounterStore.class);

    private static final Script ACQUIRE = new Script("""
            local now = tonumber(ARGV[1])
            local W = tonumber(ARGV[11])
            local function window(key)
              local all = redis.call('HGETALL', key)
              local s = 0
              local live = {}
              for i = 1, #all, 2 do
                local sec = tonumber(all[i])
                if sec <= now - W then redis.call('HDEL', key, all[i])
                elseif sec <= now then
                  s = s + tonumber(all[i + 1])
                  live[#live + 1] = {sec, tonumber(all[i + 1])}
                end
              end
              return s, live
            end
            local function retry(s, live, limit)
              table.sort(live, function(a, b) return a[1] < b[1] end)
              for _, b in ipairs(live) do
                s = s - b[2]
                if s < limit then return b[1] + W - now end
              end
              return W
            end
            local rpm, tpm, conc, budget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
            if rpm > 0 then
              local s, live = window(KEYS[1])
              if s >= rpm then return {1, retry(s, live, rpm)} end
            end
            if tpm > 0 then
              local s, live = window(KEYS[2])
              if s >= tpm then return {2, retry(s, live, tpm)} end
            end
            if conc > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[2])
              if redis.call('ZCARD', KEYS[3]) >= conc then return {3, 1} end
            end
            if budget > 0 then
              local v = redis.call('HMGET', KEYS[4], 'used', 'reserved')
              if not v[1] then return {9, 0} end
              if tonumber(v[1]) + tonumber(v[2] or '0') >= budget then return {4, 0} end
            end
            if rpm > 0 then
              redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
              redis.call('EXPIRE', KEYS[1], W + 1)
            end
            if tpm > 0 then
              redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[7])
              redis.call('EXPIRE', KEYS[2], W + 1)
            end
            if conc > 0 then
              redis.call('ZADD', KEYS[3], ARGV[9], ARGV[8])
              redis.call('PEXPIRE', KEYS[3], ARGV[12])
            end
            if budget > 0 then redis.call('HINCRBY', KEYS[4], 'reserved', ARGV[7]) end
            return {0, 0}
            """);

    private static final Script FINISH = new Script("""
            if ARGV[4] ~= '' then redis.call('ZREM', KEYS[2], ARGV[4]) end
            local cost = tonumber(ARGV[2])
            local actual = tonumber(ARGV[3])
            local settled = actual
            if settled < 0 then settled = 0 end
            if ARGV[5] == '1' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
              if redis.call('HINCRBY', KEYS[1], ARGV[1], settled - cost) < 0 then redis.call('HSET', KEYS[1], ARGV[1], 0) end
            end
            if ARGV[6] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then
              if redis.call('HINCRBY', KEYS[3], 'reserved', -cost) < 0 then redis.call('HSET', KEYS[3], 'reserved', 0) end
              if settled > 0 then redis.call('HINCRBY', KEYS[3], 'used', settled) end
            end
            return 0
            """);

    private static final Script INIT_BUDGET = new Script("""
            if redis.call('HSETNX', KEYS[1], 'used', ARGV[1]) == 1 then
              redis.call('HSETNX', KEYS[1], 'reserved', 0)
              redis.call('EXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final BudgetLedger ledger;
    private final long leaseMillis;
    private final ConcurrentHashMap<String, String> leases = new ConcurrentHashMap<>(); // lease id -> sorted set
    private final ScheduledExecutorService renewer;
    private final java.time.InstantSource clock;

    RedisCounterStore(String url, String prefix, Duration timeout, Duration leaseTtl, BudgetLedger ledger, String urlForLog,
                      java.time.InstantSource clock) {
        this.prefix = prefix;
        this.clock = clock;
        this.ledger = ledger;
        this.leaseMillis = leaseTtl.toMillis();
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        try {
            this.connection = client.connect();
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("llmsvc.limits.redis-url: cannot connect to Redis at " + urlForLog + " (" + e.getMessage() + ")");
        }
        this.redis = connection.sync();
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("llmsvc-lease-renewal").factory());
        long every = Math.max(1000, leaseMillis / 3);
        renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    private String key(String keyId, String kind) {
        return prefix + ":lim:{" + keyId + "}:" + kind;
    }

    @Override
    public Decision acquire(Request r) {
        String lease = r.maxConcurrent() > 0 ? UUID.randomUUID().toString() : "";
        String[] keys = {key(r.keyId(), "rpm"), key(r.keyId(), "tpm"), key(r.keyId(), "conc"),
                key(r.keyId(), "budget:" + (r.period() == null ? "-" : r.period()))};
        String[] args = {Long.toString(r.second()), Long.toString(r.nowMillis()), Integer.toString(r.rpm()),
                Integer.toString(r.tpm()), Integer.toString(r.maxConcurrent()), Long.toString(r.budget()),
                Long.toString(r.cost()), lease, Long.toString(r.nowMillis() + leaseMillis),
                Long.toString(r.periodEnd()), Integer.toString(WINDOW_SECONDS), Long.toString(2 * leaseMillis)};
        try {
            List<Object> out = run(ACQUIRE, ScriptOutputType.MULTI, keys, args);
            long code = (Long) out.get(0);
            if (code == 9) {
                // budget counter is cold (first use in this period, or Redis lost it): seed it from the database
                long used = ledger.load(r.keyId(), r.period());
                run(INIT_BUDGET, ScriptOutputType.INTEGER, new String[] {keys[3]},
                        Long.toString(used), Long.toString(Math.max(60, r.periodEnd() - r.second() + 86_400)));
                // expires a day after the period ends (relative to the gateway's clock, as all times here)
                out = run(ACQUIRE, ScriptOutputType.MULTI, keys, args);
                code = (Long) out.get(0);
            }
            long retry = (Long) out.get(1);
            return switch ((int) code) {
                case 0 -> {
                    if (!lease.isEmpty()) leases.put(lease, keys[2]);
                    yield new Decision.Granted(new Ticket(r.keyId(), r.second(), r.cost(), r.tpm() > 0,
                            r.budget() > 0 ? r.period() : null, lease.isEmpty() ? null : lease));
                }
                case 1 -> new Decision.Refused(Limit.RPM, retry);
                case 2 -> new Decision.Refused(Limit.TPM, retry);
                case 3 -> new Decision.Refused(Limit.CONCURRENCY, retry);
                case 4 -> new Decision.Refused(Limit.BUDGET, retry);
                default -> throw new IllegalStateException("unexpected admission result " + code);
            };
        } catch (RedisException e) {
            log.warn("rate-limit store (Redis) failed: {}", e.toString());
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the rate-limit store is unavailable; try again shortly");
        }
    }

    @Override
    public void finish(Ticket t, long actual) {
        if (t.lease() != null) leases.remove(t.lease());
        String[] keys = {key(t.keyId(), "tpm"), key(t.keyId(), "conc"), key(t.keyId(), "budget:" + (t.period() == null ? "-" : t.period()))};
        try {
            run(FINISH, ScriptOutputType.INTEGER, keys, Long.toString(t.second()), Long.toString(t.cost()),
                    Long.toString(actual), t.lease() == null ? "" : t.lease(), t.tpm() ? "1" : "0", t.period() != null ? "1" : "0");
        } catch (RedisException e) {
            // the slot's lease expires by itself; the reservation stays counted until the window or period ends
            log.warn("could not settle a request in Redis: {}", e.toString());
        }
    }

    private void renewLeases() {
        if (leases.isEmpty()) return;
        long expiry = clock.millis() + leaseMillis;
        try {
            var async = connection.async();
            for (var e : leases.entrySet()) async.zadd(e.getValue(), ZAddArgs.Builder.xx(), expiry, e.getKey());
        } catch (RuntimeException e) {
            log.warn("could not renew concurrency leases: {}", e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T run(Script s, ScriptOutputType type, String[] keys, String... args) {
        try {
            return (T) redis.evalsha(s.sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return (T) redis.eval(s.text, type, keys, args);
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private record Script(String text, String sha) {
        Script(String text) {
            this(text, sha1(text));
        }

        private static String sha1(String s) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
