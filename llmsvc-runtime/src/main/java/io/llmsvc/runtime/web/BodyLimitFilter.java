package io.llmsvc.runtime.web;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects request bodies above {@code llmsvc.max-body-size} with 413: at once when Content-Length says so, and
 * while reading for chunked bodies, so a large body is never buffered whole.
 */
public class BodyLimitFilter extends OncePerRequestFilter {
    private final long maxBytes;

    public BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        long declared = req.getContentLengthLong();
        if (declared > maxBytes) {
            ErrorBodies.write(req, tooLarge(), res);
            return;
        }
        chain.doFilter(new Limited(req, maxBytes), res);
    }

    private LlmsvcException tooLarge() {
        return new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE,
                "request body larger than " + maxBytes + " bytes (llmsvc.max-body-size)");
    }

    private final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest req, long max) {
            super(req);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new CountingStream(super.getInputStream(), max);
            return stream;
        }
    }

    private final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long count;

        CountingStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private void add(long n) {
            if (n > 0 && (count += n) > max) throw tooLarge();
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            add(n);
            return n;
        }

        @Override
        public boolean isFinished() { return in.isFinished(); }

        @Override
        public boolean isReady() { return in.isReady(); }

        @Override
        public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
    }
}
