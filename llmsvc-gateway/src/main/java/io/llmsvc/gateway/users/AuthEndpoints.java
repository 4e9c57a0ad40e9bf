package io.llmsvc.gateway.users;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.users.UsersJson.SessionView;
import io.llmsvc.gateway.users.UsersJson.UserView;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up, login, logout, the caller's own account and password change ({@code /api/v1/auth/*}). Bodies must be
 * {@code application/json}, which a cross-site HTML form cannot send.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class AuthEndpoints {
    static final String SIGNUP = "/api/v1/auth/signup";
    static final String LOGIN = "/api/v1/auth/login";
    static final String LOGOUT = "/api/v1/auth/logout";
    /** Routes that ignore any session cookie sent with them. */
    static final Set<String> SESSIONLESS = Set.of(SIGNUP, LOGIN);

    private final UserAccounts accounts;
    private final BrowserSessions sessions;

    private final Invites invites;

    AuthEndpoints(UserAccounts accounts, BrowserSessions sessions, Invites invites) {
        this.invites = invites;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @PostMapping(path = SIGNUP, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> signup(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        var r = UsersJson.read(body, UsersJson.SignupRequest.class);
        User u = r.invite() != null
                ? invites.signup(r.invite(), r.username(), r.displayName(), r.password(), req.getRemoteAddr())
                : accounts.signup(r.username(), r.displayName(), r.password(), req.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(u));
    }

    @PostMapping(path = LOGIN, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SessionView> login(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        var r = UsersJson.read(body, UsersJson.LoginRequest.class);
        User u = accounts.authenticate(r.username(), r.password(), req.getRemoteAddr());
        var started = sessions.start(u);
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, sessions.cookie(started.token()).toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(view(u, started.csrfToken()));
    }

    /** Ends the cookie's session (CSRF checked when it is live) and clears the cookie; idempotent. */
    @PostMapping(LOGOUT)
    ResponseEntity<Void> logout(HttpServletRequest req) {
        if (req.getAttribute(BrowserSessions.SESSION_ID_ATTRIBUTE) instanceof String id) sessions.end(id);
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, sessions.clearedCookie().toString()).build();
    }

    @GetMapping("/api/v1/auth/me")
    ResponseEntity<SessionView> me(HttpServletRequest req) {
        Principal p = Principal.of(req);
        String csrf = req.getAttribute(BrowserSessions.CSRF_ATTRIBUTE) instanceof String s ? s : null;
        UserView user;
        try {
            user = UserView.of(accounts.find(p.userId()));
        } catch (LlmsvcException e) {
            // the bootstrap key has no account row
            user = new UserView(p.userId(), p.username(), p.username(), p.roles().stream().sorted().toList(), false, null, null);
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new SessionView(user, user.roles(), csrf));
    }

    /** Changes the caller's password and ends their other sessions (all of them when called with a key). */
    @PostMapping(path = "/api/v1/auth/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> changePassword(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req).requireAccountManager("change the password");
        var r = UsersJson.read(body, UsersJson.PasswordChange.class);
        if (p == Principal.BOOTSTRAP) throw LlmsvcException.invalid(null, "the bootstrap key has no password to change");
        User u = accounts.changePassword(p.userId(), r.currentPassword(), r.newPassword(), req.getRemoteAddr());
        String current = req.getAttribute(BrowserSessions.SESSION_ID_ATTRIBUTE) instanceof String id ? id : null;
        sessions.endOthers(u.id(), current);
        return ResponseEntity.ok(UserView.of(u));
    }

    private SessionView view(User u, String csrf) {
        UserView v = UserView.of(u);
        return new SessionView(v, v.roles(), csrf);
    }
}
