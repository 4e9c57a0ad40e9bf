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
 * while reading for chunked bodies, so a large body is never buffered whole. {@link UploadRoute}s raise the limit
 * for uploads to their path. (A multipart body is parsed by the servlet container from its own stream, so its
 * size while reading is enforced by the multipart configuration; the Content-Length check here still answers a
 * declared oversized upload before any of it is read.)
 */
public class BodyLimitFilter extends OncePerRequestFilter {
    private final long maxBytes;
    private final java.util.List<UploadRoute> uploads;

    public BodyLimitFilter(long maxBytes) {
        this(maxBytes, java.util.List.of());
    }

    public BodyLimitFilter(long maxBytes, java.util.List<UploadRoute> uploads) {
        this.maxBytes = maxBytes;
        this.uploads = java.util.List.copyOf(uploads);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Limit limit = limitFor(req);
        long declared = req.getContentLengthLong();
        if (declared > limit.bytes()) {
            ErrorBodies.write(req, limit.tooLarge(), res);
            return;
        }
        chain.doFilter(new Limited(req, limit), res);
    }

    private Limit limitFor(HttpServletRequest req) {
        if (!uploads.isEmpty()) {
            String path = req.getRequestURI();
            String type = req.getContentType();
            for (UploadRoute u : uploads) {
                if (u.matches(path, type)) return new Limit(u.maxBytes(), u.tooLargeMessage());
            }
        }
        return new Limit(maxBytes, "request body larger than " + maxBytes + " bytes (llmsvc.max-body-size)");
    }

    private record Limit(long bytes, String message) {
        LlmsvcException tooLarge() {
            return new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, message);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final Limit limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest req, Limit limit) {
            super(req);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new CountingStream(super.getInputStream(), limit);
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final Limit limit;
        private long count;

        CountingStream(ServletInputStream in, Limit limit) {
            this.in = in;
            this.limit = limit;
        }

        private void add(long n) {
            if (n > 0 && (count += n) > limit.bytes()) throw limit.tooLarge();
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
