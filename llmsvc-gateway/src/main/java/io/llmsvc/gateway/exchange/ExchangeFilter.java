package io.llmsvc.gateway.exchange;

import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.web.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
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
            chain.doFilter(req, new OverheadStamp(res, ex));
        } finally {
            if (!res.isCommitted()) res.setHeader(Exchange.OVERHEAD_HEADER, ex.overheadHeader());
            else if (!res.containsHeader(Exchange.OVERHEAD_HEADER)) log.debug("overhead header missed on {}", req.getRequestURI());
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

    /**
     * Sets the overhead header when the body starts (unless the endpoint set it already): responses the error mapper
     * or a message converter commits before this filter's {@code finally} still carry it.
     */
    private static final class OverheadStamp extends HttpServletResponseWrapper {
        private final Exchange ex;

        OverheadStamp(HttpServletResponse res, Exchange ex) {
            super(res);
            this.ex = ex;
        }

        private void stamp() {
            if (!isCommitted() && !containsHeader(Exchange.OVERHEAD_HEADER)) setHeader(Exchange.OVERHEAD_HEADER, ex.overheadHeader());
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            stamp();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            stamp();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            stamp();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            stamp();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            stamp();
            super.sendError(sc);
        }
    }
}
