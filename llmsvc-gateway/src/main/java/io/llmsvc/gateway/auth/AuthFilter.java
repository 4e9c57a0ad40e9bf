package io.llmsvc.gateway.auth;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.web.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authentication of the public API ({@code /v1/**}, {@code /api/**}): a bearer key, else a browser session, via
 * the {@link Authenticator} beans. Routes in {@code anonymousRoutes} (exact paths, e.g. login and sign-up) may be
 * called without credentials; everything else answers 401 in the route's error format.
 */
public class AuthFilter extends OncePerRequestFilter {
    private final List<Authenticator> authenticators;
    private final Set<String> anonymousRoutes;

    public AuthFilter(List<Authenticator> authenticators, Set<String> anonymousRoutes) {
        this.authenticators = authenticators;
        this.anonymousRoutes = anonymousRoutes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest req) {
        String p = req.getRequestURI();
        return !(p.startsWith("/v1/") || p.equals("/v1") || p.startsWith("/api/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Optional<Principal> principal;
        try {
            principal = authenticate(req);
        } catch (LlmsvcException e) {
            reject(req, res, e);
            return;
        } catch (RuntimeException e) {
            // e.g. the user database is down: say so instead of a bare 500
            logger.warn("authentication failed: " + e);
            reject(req, res, new LlmsvcException(ErrorCode.UNAVAILABLE, "cannot check credentials right now; retry shortly"));
            return;
        }
        if (principal.isPresent()) {
            req.setAttribute(Principal.ATTRIBUTE, principal.get());
        } else if (!anonymousRoutes.contains(req.getRequestURI())) {
            String auth = req.getHeader("Authorization");
            reject(req, res, new LlmsvcException(ErrorCode.UNAUTHORIZED, auth == null || auth.isBlank()
                    ? "missing API key: send 'Authorization: Bearer <key>'" : "invalid API key"));
            return;
        }
        chain.doFilter(req, res);
    }

    private Optional<Principal> authenticate(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null && !auth.isBlank()) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "unsupported Authorization scheme; use 'Bearer <key>'");
            }
            String token = auth.substring(7).strip();
            for (Authenticator a : authenticators) {
                Optional<Principal> p = a.fromBearer(token);
                if (p.isPresent()) return p;
            }
            throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "invalid API key");
        }
        for (Authenticator a : authenticators) {
            Optional<Principal> p = a.fromSession(req);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    private static void reject(HttpServletRequest req, HttpServletResponse res, LlmsvcException e) throws IOException {
        if (e.code() == ErrorCode.UNAUTHORIZED) res.setHeader("WWW-Authenticate", "Bearer");
        ErrorBodies.write(req, e, res);
    }
}
