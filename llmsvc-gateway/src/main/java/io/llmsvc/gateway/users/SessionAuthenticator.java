package io.llmsvc.gateway.users;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.Authenticator;
import io.llmsvc.gateway.auth.Principal;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/**
 * Browser sessions as principals: the {@code llmsvc_session} cookie. State-changing requests (POST, PUT, PATCH,
 * DELETE) made with the cookie must carry the session's CSRF token in {@code X-CSRF-Token}; requests with a bearer
 * key never reach this authenticator, so they need none. Login and sign-up ignore the cookie, so a stale or foreign
 * session cannot get in the way of logging in.
 */
final class SessionAuthenticator implements Authenticator {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private final BrowserSessions sessions;

    SessionAuthenticator(BrowserSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<Principal> fromBearer(String token) {
        return Optional.empty();
    }

    @Override
    public Optional<Principal> fromSession(HttpServletRequest req) {
        if (AuthEndpoints.SESSIONLESS.contains(req.getRequestURI())) return Optional.empty();
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return Optional.empty();
        for (Cookie c : cookies) {
            if (!BrowserSessions.COOKIE.equals(c.getName())) continue;
            var active = sessions.resolve(c.getValue());
            if (active.isEmpty()) continue;
            var a = active.get();
            if (!SAFE_METHODS.contains(req.getMethod())
                    && !BrowserSessions.csrfMatches(a.csrfToken(), req.getHeader(BrowserSessions.CSRF_HEADER))) {
                throw new LlmsvcException(ErrorCode.FORBIDDEN, "missing or wrong CSRF token: send the X-CSRF-Token header from login or /api/v1/auth/me");
            }
            req.setAttribute(BrowserSessions.SESSION_ID_ATTRIBUTE, a.id());
            req.setAttribute(BrowserSessions.CSRF_ATTRIBUTE, a.csrfToken());
            return Optional.of(a.principal());
        }
        return Optional.empty();
    }
}
