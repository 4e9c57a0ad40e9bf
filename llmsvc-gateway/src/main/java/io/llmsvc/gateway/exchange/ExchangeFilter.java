package io.llmsvc.gateway.exchange;

import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.web.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Opens an {@link Exchange} for every public API request (before authentication, so rejected calls are counted
 * too) and hands it to the {@link ExchangeListener}s when the response is done.
 */
public class ExchangeFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(ExchangeFilter.class);
    private final List<ExchangeListener> listeners;

    public ExchangeFilter(List<ExchangeListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest req) {
        String p = req.getRequestURI();
        return !(p.startsWith("/v1/") || p.startsWith("/api/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Exchange ex = new Exchange(req.getRequestURI());
        req.setAttribute(Exchange.ATTRIBUTE, ex);
        try {
            chain.doFilter(req, res);
        } finally {
            if (!res.isCommitted()) res.setHeader(Exchange.OVERHEAD_HEADER, ex.overheadHeader());
            if (req.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) ex.pattern(pattern);
            if (ex.errorCode() == null && req.getAttribute(ErrorBodies.ERROR_CODE_ATTRIBUTE) instanceof String code) ex.errorCode(code);
            Principal p = Principal.orNull(req);
            for (ExchangeListener l : listeners) {
                try {
                    l.completed(ex, p, res.getStatus());
                } catch (RuntimeException e) {
                    log.warn("exchange listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
