package io.llmsvc.gateway.users;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.users.UsersJson.UserPage;
import io.llmsvc.gateway.users.UsersJson.UserView;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin routes for accounts: create and list users, change roles or disable, switch sign-up on or off. Admin role only. */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class AdminUserEndpoints {
    static final int MAX_PAGE = 200;
    private final UserAccounts accounts;
    private final org.springframework.beans.factory.ObjectProvider<io.llmsvc.gateway.keys.ApiKeyAuthenticator> keys;

    private final Invites invites;

    AdminUserEndpoints(UserAccounts accounts, org.springframework.beans.factory.ObjectProvider<io.llmsvc.gateway.keys.ApiKeyAuthenticator> keys,
                       Invites invites) {
        this.accounts = accounts;
        this.invites = invites;
        this.keys = keys;
    }

    @GetMapping("/api/v1/admin/users")
    UserPage list(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset, HttpServletRequest req) {
        Principal.of(req).requireAdmin();
        if (limit < 1 || limit > MAX_PAGE) throw LlmsvcException.invalid("limit", "limit must be 1 to " + MAX_PAGE);
        if (offset < 0) throw LlmsvcException.invalid("offset", "offset must be 0 or more");
        var page = accounts.list(offset, limit).stream().map(UserView::of).toList();
        return new UserPage("list", page, accounts.count(), limit, offset);
    }

    @org.springframework.web.bind.annotation.PostMapping(path = "/api/v1/admin/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    org.springframework.http.ResponseEntity<UserView> create(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal.of(req).requireAdmin();
        var n = UsersJson.read(body, UsersJson.NewUser.class);
        if (n.username() == null || n.username().isBlank()) throw LlmsvcException.invalid("username", "username is required");
        if (n.password() == null || n.password().isEmpty()) throw LlmsvcException.invalid("password", "password is required");
        java.util.Set<String> roles = new java.util.LinkedHashSet<>(java.util.List.of("user"));
        if (n.roles() != null) roles.addAll(n.roles());
        User u = accounts.create(n.username(), n.displayName(), n.password(), roles);
        return org.springframework.http.ResponseEntity.status(201).body(UserView.of(u));
    }

    @PatchMapping(path = "/api/v1/admin/users/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserView update(@PathVariable String id, @RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal admin = Principal.of(req).requireAdmin();
        var patch = UsersJson.read(body, UsersJson.AccessPatch.class);
        if (patch.roles() == null && patch.disabled() == null) {
            throw LlmsvcException.invalid(null, "send 'roles' and/or 'disabled'");
        }
        if (id.length() > 36) throw new LlmsvcException(ErrorCode.NOT_FOUND, "no such user");
        User u = accounts.updateAccess(admin.userId(), id, patch.roles(), patch.disabled());
        // the user's API keys carry the old roles in this process's key cache: forget them now
        keys.ifAvailable(k -> k.invalidateUser(u.id()));
        return UserView.of(u);
    }

    @org.springframework.web.bind.annotation.PostMapping(path = "/api/v1/admin/invites", consumes = MediaType.APPLICATION_JSON_VALUE)
    org.springframework.http.ResponseEntity<UsersJson.InviteView> invite(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal admin = Principal.of(req).requireAdmin();
        var n = body == null || body.length == 0 ? new UsersJson.NewInvite(null, null) : UsersJson.read(body, UsersJson.NewInvite.class);
        var made = invites.create(admin.userId(), n.roles(), n.expiresInDays());
        return org.springframework.http.ResponseEntity.status(201).body(UsersJson.InviteView.of(made.invite(), made.token()));
    }

    @GetMapping("/api/v1/admin/invites")
    UsersJson.InvitePage invites(HttpServletRequest req) {
        Principal.of(req).requireAdmin();
        return new UsersJson.InvitePage("list", invites.list().stream().map(i -> UsersJson.InviteView.of(i, null)).toList());
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/admin/invites/{id}")
    org.springframework.http.ResponseEntity<Void> revokeInvite(@PathVariable String id, HttpServletRequest req) {
        Principal.of(req).requireAdmin();
        if (!invites.revoke(id)) throw new LlmsvcException(ErrorCode.NOT_FOUND, "no such invite");
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/admin/settings/signup")
    UsersJson.SignupState signup(HttpServletRequest req) {
        Principal.of(req).requireAdmin();
        return new UsersJson.SignupState(accounts.signupEnabled());
    }

    @PutMapping(path = "/api/v1/admin/settings/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
    UsersJson.SignupState setSignup(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal.of(req).requireAdmin();
        var s = UsersJson.read(body, UsersJson.SignupSwitch.class);
        if (s.enabled() == null) throw LlmsvcException.invalid("enabled", "'enabled' is required (true or false)");
        accounts.setSignupEnabled(s.enabled());
        return new UsersJson.SignupState(accounts.signupEnabled());
    }
}
