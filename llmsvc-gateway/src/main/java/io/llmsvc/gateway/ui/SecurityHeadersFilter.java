package io.llmsvc.gateway.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the browser security headers on every response of the gateway (pages, static files, APIs, errors): a
 * Content-Security-Policy that allows only this origin's scripts, styles and connections (no inline code, no
 * plugins, never framed), {@code X-Frame-Options: DENY} for older browsers, {@code nosniff} and a same-origin
 * referrer. They are set before the request runs, so a handler that needs a stricter policy (the signed file
 * downloads answer with {@code sandbox}) replaces them.
 */
class SecurityHeadersFilter extends OncePerRequestFilter {
    private final String policy;

    /** @param policy the Content-Security-Policy value ({@link #policy(String)}) */
    SecurityHeadersFilter(String policy) {
        this.policy = policy;
    }

    /**
     * The policy; {@code connectOrigin} is an extra origin the pages may connect to (the S3 store that uploads go
     * to straight from the browser), or null.
     */
    static String policy(String connectOrigin) {
        return "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'" + (connectOrigin == null ? "" : " " + connectOrigin)
                + "; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        res.setHeader("Content-Security-Policy", policy);
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "same-origin");
        chain.doFilter(req, res);
    }
}
