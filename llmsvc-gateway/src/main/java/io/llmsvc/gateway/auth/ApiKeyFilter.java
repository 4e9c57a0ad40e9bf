package io.llmsvc.gateway.auth;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.web.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer authentication of the public API ({@code /v1/**}, {@code /api/**}). The key is checked against the
 * bootstrap key's hash; the caller is recorded as request attribute {@link #PRINCIPAL}.
 */
public class ApiKeyFilter extends OncePerRequestFilter {
    public static final String PRINCIPAL = "llmsvc.principal";
    private final BootstrapKey bootstrapKey;

    public ApiKeyFilter(BootstrapKey bootstrapKey) {
        this.bootstrapKey = bootstrapKey;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest req) {
        String p = req.getRequestURI();
        return !(p.startsWith("/v1/") || p.equals("/v1") || p.startsWith("/api/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String auth = req.getHeader("Authorization");
        if (auth == null || auth.isBlank()) {
            reject(req, res, "missing API key: send 'Authorization: Bearer <key>'");
            return;
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || !bootstrapKey.matches(auth.substring(7).strip())) {
            reject(req, res, "invalid API key");
            return;
        }
        req.setAttribute(PRINCIPAL, "admin");
        chain.doFilter(req, res);
    }

    private static void reject(HttpServletRequest req, HttpServletResponse res, String message) throws IOException {
        res.setHeader("WWW-Authenticate", "Bearer");
        ErrorBodies.write(req.getRequestURI(), new LlmsvcException(ErrorCode.UNAUTHORIZED, message), res);
    }
}
