package io.llmsvc.gateway.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code web_sessions} table. Sessions are found by the SHA-256 of the cookie's token, so a copy of the table
 * cannot be replayed as cookies. A lookup joins the user, so roles and the disabled flag are always current.
 */
final class WebSessionStore {
    private final JdbcClient jdbc;

    WebSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A session with its user's current state. */
    record Found(String id, String userId, String username, String roles, boolean userDisabled, String csrfToken,
                 Instant createdAt, Instant lastSeenAt, Instant expiresAt) {}

    void insert(String id, String userId, String csrfToken, Instant now, Instant expiresAt) {
        Timestamp t = Timestamp.from(now);
        jdbc.sql("INSERT INTO web_sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, userId, csrfToken, t, t, Timestamp.from(expiresAt)).update();
    }

    Optional<Found> find(String id) {
        return jdbc.sql("SELECT s.id, s.user_id, u.username, u.roles, u.disabled, s.csrf_token, s.created_at, s.last_seen_at, "
                        + "s.expires_at FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?")
                .param(id)
                .query((rs, n) -> new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant()))
                .optional();
    }

    void touch(String id, Instant now, Instant expiresAt) {
        jdbc.sql("UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?")
                .params(Timestamp.from(now), Timestamp.from(expiresAt), id).update();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM web_sessions WHERE id = ?").param(id).update() > 0;
    }

    /** Ends every session of a user except {@code keepId} (may be null: end all). */
    int deleteForUser(String userId, String keepId) {
        if (keepId == null) return jdbc.sql("DELETE FROM web_sessions WHERE user_id = ?").param(userId).update();
        return jdbc.sql("DELETE FROM web_sessions WHERE user_id = ? AND id <> ?").params(userId, keepId).update();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM web_sessions WHERE expires_at <= ?").param(Timestamp.from(now)).update();
    }

    int countForUser(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM web_sessions WHERE user_id = ?").param(userId).query(Integer.class).single();
    }
}
