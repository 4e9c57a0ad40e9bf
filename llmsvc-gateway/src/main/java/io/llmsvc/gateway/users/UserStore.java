package io.llmsvc.gateway.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code users} table. Usernames are looked up by their lower-cased key, so they are unique regardless of case. */
final class UserStore {
    private static final String COLUMNS = "id, username, display_name, roles, disabled, created_at, password_changed_at, password_hash";
    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored user with the password hash, which never leaves this package. */
    record Row(User user, String passwordHash) {}

    static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** @return false when the username is taken */
    boolean insert(User u, String passwordHash) {
        // checked first so the usual case does not make the driver log a constraint violation; the constraint
        // still decides races
        if (findByUsername(u.username()).isPresent()) return false;
        try {
            jdbc.sql("INSERT INTO users (id, username, username_key, display_name, password_hash, roles, disabled, created_at, "
                            + "password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(u.id(), u.username(), key(u.username()), u.displayName(), passwordHash, joinRoles(u.roles()),
                            u.disabled(), Timestamp.from(u.createdAt()), Timestamp.from(u.passwordChangedAt()))
                    .update();
            return true;
        } catch (DataIntegrityViolationException e) {
            if (findByUsername(u.username()).isPresent()) return false;
            throw e;
        }
    }

    Optional<Row> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE username_key = ?").param(key(username))
                .query(UserStore::row).optional();
    }

    Optional<Row> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(UserStore::row).optional();
    }

    /** One page in creation order. */
    List<User> list(int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY created_at, id LIMIT ? OFFSET ?").params(limit, offset)
                .query((rs, n) -> row(rs, n).user()).list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    /** Whether an account that is not disabled holds the admin role. */
    boolean anyEnabledAdmin() {
        return jdbc.sql("SELECT roles FROM users WHERE disabled = ? AND roles LIKE ?").params(false, "%admin%")
                .query(String.class).list().stream().anyMatch(r -> splitRoles(r).contains("admin"));
    }

    boolean updateAccess(String id, Set<String> roles, boolean disabled) {
        return jdbc.sql("UPDATE users SET roles = ?, disabled = ? WHERE id = ?").params(joinRoles(roles), disabled, id).update() > 0;
    }

    boolean updatePassword(String id, String passwordHash, Instant changedAt) {
        return jdbc.sql("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?")
                .params(passwordHash, Timestamp.from(changedAt), id).update() > 0;
    }

    static String joinRoles(Set<String> roles) {
        return String.join(",", roles.stream().sorted().toList());
    }

    static Set<String> splitRoles(String roles) {
        if (roles == null || roles.isBlank()) return Set.of();
        return Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        User u = new User(rs.getString(1), rs.getString(2), rs.getString(3), Set.copyOf(splitRoles(rs.getString(4))),
                rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
        return new Row(u, rs.getString(8));
    }
}
