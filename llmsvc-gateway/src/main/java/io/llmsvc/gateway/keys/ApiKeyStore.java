package io.llmsvc.gateway.keys;

import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in table {@code api_keys}; the key itself is never stored, only its SHA-256 and prefix. */
@Repository
@ConditionalOnTarget(Target.GATEWAY)
class ApiKeyStore {
    private static final String COLUMNS = "id, user_id, name, prefix, created_at, expires_at, revoked_at, allowed_models, "
            + "rpm, tpm, max_concurrent, budget_tokens, budget_period, last_used_at";
    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey k, String keyHash) {
        KeyLimits l = k.limits();
        jdbc.sql("INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at, expires_at, revoked_at, allowed_models, "
                        + "rpm, tpm, max_concurrent, budget_tokens, budget_period, last_used_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL)")
                .params(k.id(), k.userId(), k.name(), k.prefix(), keyHash, ts(k.createdAt()), ts(k.expiresAt()),
                        models(l.allowedModels()), l.requestsPerMinute(), l.tokensPerMinute(), l.maxConcurrent(),
                        l.budgetTokens(), l.budgetPeriod())
                .update();
    }

    Optional<ApiKey> findByHash(String keyHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?").param(keyHash).query(ApiKeyStore::map).optional();
    }

    Optional<ApiKey> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?").param(id).query(ApiKeyStore::map).optional();
    }

    /** Keys of one user, or of everyone when {@code userId} is null; newest first. */
    List<ApiKey> list(String userId, int limit, int offset) {
        String where = userId == null ? "" : " WHERE user_id = ?";
        var spec = jdbc.sql("SELECT " + COLUMNS + " FROM api_keys" + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?");
        if (userId != null) spec = spec.param(userId);
        return spec.param(limit).param(offset).query(ApiKeyStore::map).list();
    }

    /** Marks the key revoked; false when it was already revoked or does not exist. */
    boolean revoke(String id, Instant at) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").params(ts(at), id).update() > 0;
    }

    /** Writes the name, expiry and limits of a key that is not revoked; false otherwise. */
    boolean update(ApiKey k) {
        KeyLimits l = k.limits();
        return jdbc.sql("UPDATE api_keys SET name = ?, expires_at = ?, allowed_models = ?, rpm = ?, tpm = ?, max_concurrent = ?, "
                        + "budget_tokens = ?, budget_period = ? WHERE id = ? AND revoked_at IS NULL")
                .params(k.name(), ts(k.expiresAt()), models(l.allowedModels()), l.requestsPerMinute(), l.tokensPerMinute(),
                        l.maxConcurrent(), l.budgetTokens(), l.budgetPeriod(), k.id())
                .update() > 0;
    }

    /** Records last use, one statement per key (called in batches off the request path). */
    void touch(Map<String, Instant> lastUsed) {
        for (var e : lastUsed.entrySet()) {
            jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?").params(ts(e.getValue()), e.getKey()).update();
        }
    }

    private static ApiKey map(ResultSet rs, int n) throws SQLException {
        KeyLimits limits = new KeyLimits(models(rs.getString("allowed_models")), integer(rs, "rpm"), integer(rs, "tpm"),
                integer(rs, "max_concurrent"), longOrNull(rs, "budget_tokens"), rs.getString("budget_period"));
        return new ApiKey(rs.getString("id"), rs.getString("user_id"), rs.getString("name"), rs.getString("prefix"),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"), limits, instant(rs, "last_used_at"));
    }

    private static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static String models(Set<String> models) {
        return models == null || models.isEmpty() ? null : String.join(",", models);
    }

    static Set<String> models(String csv) {
        if (csv == null || csv.isBlank()) return null;
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(csv.split(","))));
    }
}
