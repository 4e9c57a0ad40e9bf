package io.llmsvc.gateway.users;

import java.time.Instant;
import java.util.Set;

/**
 * A user account as other features and the CLI see it (never the password hash).
 *
 * @param id                stable id (a UUID); what other features store as owner
 * @param username          login name as typed at sign-up; unique regardless of case
 * @param displayName       name shown in the UI
 * @param roles             e.g. {@code admin}, {@code user}, {@code hr}, {@code sales}
 * @param disabled          a disabled user cannot log in and their sessions stop working at once
 */
public record User(String id, String username, String displayName, Set<String> roles, boolean disabled,
                   Instant createdAt, Instant passwordChangedAt) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
