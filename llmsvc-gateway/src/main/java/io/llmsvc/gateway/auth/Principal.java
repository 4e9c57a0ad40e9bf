package io.llmsvc.gateway.auth;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * Who is calling, as established by the authentication filter and stored as request attribute {@link #ATTRIBUTE}.
 *
 * @param userId   stable user id (the bootstrap admin key is user {@code bootstrap})
 * @param username display name
 * @param roles    {@code admin}, {@code user}, and feature roles such as {@code hr}, {@code sales}
 * @param key      the API key used, or null for cookie sessions and the bootstrap key
 */
public record Principal(String userId, String username, Set<String> roles, ApiKeyInfo key) {
    public static final String ATTRIBUTE = "llmsvc.principal";
    public static final String ADMIN = "admin";
    public static final String USER = "user";

    public static final Principal BOOTSTRAP = new Principal("bootstrap", "bootstrap-admin", Set.of(ADMIN), null);

    public boolean hasRole(String role) { return roles.contains(role); }

    public boolean isAdmin() { return roles.contains(ADMIN); }

    /** Whether this caller may see or change data owned by {@code ownerId}: its owner, or an admin. */
    public boolean canAccess(String ownerId) { return isAdmin() || userId.equals(ownerId); }

    /** 403 unless the caller is an admin. */
    public Principal requireAdmin() {
        if (!isAdmin()) throw new LlmsvcException(ErrorCode.FORBIDDEN, "this route needs the admin role");
        return this;
    }

    /** 403 unless the caller holds {@code role} (admins hold every role). */
    public Principal requireRole(String role) {
        if (!isAdmin() && !hasRole(role)) throw new LlmsvcException(ErrorCode.FORBIDDEN, "this route needs the " + role + " role");
        return this;
    }

    /**
     * 403 when the caller came with an API key that has limits: such a key must not manage the account (create,
     * change or revoke other keys, change the password), or a leaked limited key could do more than its limits
     * say. A cookie session, an unrestricted key and an admin's key may. {@code what} names the action.
     */
    public Principal requireAccountManager(String what) {
        if (key != null && !isAdmin() && key.limits().limited()) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "an API key with limits cannot " + what
                    + "; use the web UI or an unrestricted key");
        }
        return this;
    }

    /** The caller of this request; 401 when the route was not authenticated. */
    public static Principal of(HttpServletRequest req) {
        Object p = req.getAttribute(ATTRIBUTE);
        if (p instanceof Principal principal) return principal;
        throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "authentication required");
    }

    /** The caller when the route may be anonymous. */
    public static Principal orNull(HttpServletRequest req) {
        return req.getAttribute(ATTRIBUTE) instanceof Principal p ? p : null;
    }
}
