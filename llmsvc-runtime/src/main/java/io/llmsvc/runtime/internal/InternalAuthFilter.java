package io.llmsvc.runtime.internal;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.web.ErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every {@code /internal/**} call must carry the cluster credential; anything else gets 401. */
public class InternalAuthFilter extends OncePerRequestFilter {
    private final ClusterCredential credential;

    public InternalAuthFilter(ClusterCredential credential) {
        this.credential = credential;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(InternalPaths.PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        if (!credential.accepts(req.getHeader(ClusterCredential.HEADER))) {
            ErrorBodies.write(req,
                    new LlmsvcException(ErrorCode.UNAUTHORIZED, "internal calls need the cluster credential"), res);
            return;
        }
        chain.doFilter(req, res);
    }
}
