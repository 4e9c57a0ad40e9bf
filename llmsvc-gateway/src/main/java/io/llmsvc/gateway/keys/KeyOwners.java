package io.llmsvc.gateway.keys;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.ApiKeyInfo;
import io.llmsvc.gateway.auth.Principal;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who a key acts for. Keys of user {@code bootstrap} (created with the bootstrap admin key) are admin keys, and retire
 * with the bootstrap key. Other
 * owners come from table {@code users} (name, roles, disabled), read on every cache miss so role changes and
 * disabling take effect within the key cache's time to live; a disabled user cannot use their keys. A key whose
 * owner has no account row acts as a plain {@code user}.
 */
final class KeyOwners {
    private final JdbcClient jdbc;
    private final io.llmsvc.gateway.auth.BootstrapRetirement retirement;

    KeyOwners(JdbcClient jdbc, io.llmsvc.gateway.auth.BootstrapRetirement retirement) {
        this.jdbc = jdbc;
        this.retirement = retirement;
    }

    Principal principal(ApiKey key) {
        ApiKeyInfo info = new ApiKeyInfo(key.id(), key.prefix(), key.limits());
        if (Principal.BOOTSTRAP.userId().equals(key.userId())) {
            if (retirement.retired()) throw new LlmsvcException(ErrorCode.UNAUTHORIZED, io.llmsvc.gateway.auth.BootstrapRetirement.MESSAGE);
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

    /** The owner's row in {@code users} (migration V2), or empty for an id with no account. */
    private Optional<Owner> lookup(String userId) {
        return jdbc.sql("SELECT username, roles, disabled FROM users WHERE id = ?").param(userId).query((rs, n) -> {
            Set<String> set = new LinkedHashSet<>();
            String roles = rs.getString(2);
            if (roles != null) {
                for (String r : roles.split(",")) if (!r.isBlank()) set.add(r.strip().toLowerCase(Locale.ROOT));
            }
            if (set.isEmpty()) set.add(Principal.USER);
            return new Owner(rs.getString(1), Set.copyOf(set), rs.getBoolean(3));
        }).optional();
    }
}
