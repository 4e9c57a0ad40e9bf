package io.llmsvc.api.agents;

import java.util.Set;

/**
 * Who asks an agent: the authenticated user the gateway resolved (the agent trusts it because only the gateway
 * and other targets holding the cluster credential can call it). Roles are the gateway's: {@code admin},
 * {@code user}, {@code hr}, {@code sales}.
 */
public record Caller(String userId, Set<String> roles) {

    public Caller {
        if (userId == null || userId.isBlank()) throw new IllegalArgumentException("userId is required");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean isAdmin() { return roles.contains("admin"); }

    public boolean hasRole(String role) { return roles.contains(role); }
}
