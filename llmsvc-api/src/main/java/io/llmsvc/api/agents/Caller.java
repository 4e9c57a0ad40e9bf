package io.llmsvc.api.agents;

import java.util.Set;

/**
 * Who asks an agent: the authenticated user the gateway resolved (the agent trusts it because only the gateway
 * and other targets holding the cluster credential can call it). Roles are the gateway's: {@code admin},
 * {@code user}, {@code hr}, {@code sales}.
 */
public record Caller(String userId, Set<String> roles, Set<String> allowedModels) {

    /**
     * @param allowedModels the models the caller's API key may use; null when any (a browser session, an unlimited
     *                      key). An agent that would generate with another model answers without one instead
     */
    public Caller {
        if (userId == null || userId.isBlank()) throw new IllegalArgumentException("userId is required");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        allowedModels = allowedModels == null || allowedModels.isEmpty() ? null : Set.copyOf(allowedModels);
    }

    public Caller(String userId, Set<String> roles) {
        this(userId, roles, null);
    }

    /** Whether the caller may have {@code model} generate for them. */
    public boolean mayUse(String model) { return allowedModels == null || allowedModels.contains(model); }

    public boolean isAdmin() { return roles.contains("admin"); }

    public boolean hasRole(String role) { return roles.contains(role); }
}
