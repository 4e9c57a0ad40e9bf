package io.llmsvc.gateway.keys;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.ApiKeyInfo;
import io.llmsvc.gateway.auth.Principal;
import java.sql.ResultSetMetaData;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who a key acts for. Keys of user {@code bootstrap} (created with the bootstrap admin key) are admin keys. Other
 * owners are read from table {@code users} with plain SQL: {@code username} (or {@code name}) and {@code roles}
 * (comma or space separated; or {@code role}); a user marked {@code disabled = true} or {@code enabled = false}
 * cannot use their keys. Without such a row (or table) the user id is the name and the role is {@code user}.
 */
final class KeyOwners {
    private final JdbcClient jdbc;

    KeyOwners(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Principal principal(ApiKey key) {
        ApiKeyInfo info = new ApiKeyInfo(key.id(), key.prefix(), key.limits());
        if (Principal.BOOTSTRAP.userId().equals(key.userId())) {
            return new Principal(Principal.BOOTSTRAP.userId(), Principal.BOOTSTRAP.username(), Principal.BOOTSTRAP.roles(), info);
        }
        Optional<Owner> owner = lookup(key.userId());
        if (owner.isPresent() && owner.get().disabled()) {
            throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "the API key's user is disabled");
        }
        return owner.map(o -> new Principal(key.userId(), o.name(), o.roles(), info))
                .orElseGet(() -> new Principal(key.userId(), key.userId(), Set.of(Principal.USER), info));
    }

    private record Owner(String name, Set<String> roles, boolean disabled) {}

    private Optional<Owner> lookup(String userId) {
        try {
            return jdbc.sql("SELECT * FROM users WHERE id = ?").param(userId).query((rs, n) -> {
                ResultSetMetaData md = rs.getMetaData();
                String name = null;
                String roles = null;
                boolean disabled = false;
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    switch (md.getColumnLabel(i).toLowerCase(Locale.ROOT)) {
                        case "username" -> name = rs.getString(i);
                        case "name" -> name = name == null ? rs.getString(i) : name;
                        case "roles", "role" -> roles = rs.getString(i);
                        case "disabled" -> disabled |= rs.getBoolean(i);
                        case "enabled" -> disabled |= !rs.getBoolean(i) && !rs.wasNull();
                        default -> { }
                    }
                }
                Set<String> set = new LinkedHashSet<>();
                if (roles != null) {
                    for (String r : roles.split("[,\\s]+")) if (!r.isBlank()) set.add(r.strip().toLowerCase(Locale.ROOT));
                }
                if (set.isEmpty()) set.add(Principal.USER);
                return new Owner(name == null ? userId : name, Set.copyOf(set), disabled);
            }).optional();
        } catch (DataAccessException noUsersTable) {
            return Optional.empty();
        }
    }
}
