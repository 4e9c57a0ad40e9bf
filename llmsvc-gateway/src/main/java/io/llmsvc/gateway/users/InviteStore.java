package io.llmsvc.gateway.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Invite links in the gateway's database: by id for admins, by token hash for the sign-up that uses one. */
final class InviteStore {
    private final JdbcClient jdbc;

    InviteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An invite; {@code usedAt} and {@code usedBy} null while unused. */
    record Invite(String id, String createdBy, Set<String> roles, Instant createdAt, Instant expiresAt, Instant usedAt, String usedBy) {
        boolean usable(Instant now) { return usedAt == null && expiresAt.isAfter(now); }
    }

    private static final String COLUMNS = "id, created_by, roles, created_at, expires_at, used_at, used_by";

    void insert(Invite i, String tokenHash) {
        jdbc.sql("INSERT INTO user_invites (id, token_hash, created_by, roles, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(i.id(), tokenHash, i.createdBy(), String.join(",", i.roles()), Timestamp.from(i.createdAt()),
                        Timestamp.from(i.expiresAt())).update();
    }

    Optional<Invite> findByTokenHash(String hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_invites WHERE token_hash = ?").param(hash).query(InviteStore::row).optional();
    }

    /** Newest first. */
    List<Invite> list(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_invites ORDER BY created_at DESC, id DESC LIMIT ?").param(limit)
                .query(InviteStore::row).list();
    }

    /** Marks the invite used if nobody has used it yet; false when it was used (or is gone). */
    boolean claim(String id, Instant now) {
        return jdbc.sql("UPDATE user_invites SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .params(Timestamp.from(now), id).update() == 1;
    }

    /** Records the account a claimed invite made. */
    void usedBy(String id, String userId) {
        jdbc.sql("UPDATE user_invites SET used_by = ? WHERE id = ?").params(userId, id).update();
    }

    /** Gives a claimed invite back (the account it was claimed for could not be made). */
    void unclaim(String id) {
        jdbc.sql("UPDATE user_invites SET used_at = NULL, used_by = NULL WHERE id = ?").param(id).update();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM user_invites WHERE id = ?").param(id).update() > 0;
    }

    private static Invite row(ResultSet rs, int n) throws SQLException {
        String roles = rs.getString(3);
        Timestamp used = rs.getTimestamp(6);
        return new Invite(rs.getString(1), rs.getString(2),
                roles == null || roles.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.split(","))),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), used == null ? null : used.toInstant(), rs.getString(7));
    }
}
