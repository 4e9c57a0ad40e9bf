package io.llmsvc.agents.documents.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET to an address chosen (and checked) by the caller, never re-resolved: the connection goes to the
 * pinned IP while {@code Host}, TLS SNI and certificate checks use the URL's host name, which is what defeats DNS
 * rebinding. No redirects, proxies, cookies or keep-alive; the body is decoded from chunked transfer encoding and
 * gzip, limited in size and bounded by the overall deadline.
 */
final class PinnedHttp {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    /** A response whose body must be closed. Header names are lower case. */
    record Response(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    static Response get(URI uri, InetAddress address, long deadlineNanos, int connectTimeoutMs, int readTimeoutMs,
                        long maxBytes) throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, Math.min(connectTimeoutMs, remainingMs(deadlineNanos))));
            socket.setSoTimeout((int) Math.max(1, Math.min(readTimeoutMs, remainingMs(deadlineNanos))));
            if (https) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, bareHost, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!bareHost.contains(":") && !bareHost.matches("[0-9.]+")) {
                    params.setServerNames(List.of(new SNIHostName(bareHost)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
            String hostHeader = host + (uri.getPort() == -1 ? "" : ":" + port);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
                    + "User-Agent: llmsvc-documents/1\r\nAccept: */*\r\nAccept-Encoding: gzip, identity\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream raw = new BufferedInputStream(new DeadlineInputStream(socket.getInputStream(), socket, deadlineNanos, readTimeoutMs));
            String statusLine = readLine(raw);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP response");
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP response");
            }
            Map<String, List<String>> headers = readHeaders(raw);
            InputStream body = raw;
            String te = first(headers, "transfer-encoding");
            String length = first(headers, "content-length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = new ChunkedInputStream(raw);
            } else if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("invalid Content-Length");
                }
                if (n > maxBytes) throw new TooLargeException(maxBytes);
                body = new BoundedInputStream(raw, n);
            }
            String ce = first(headers, "content-encoding");
            if (ce != null && ce.toLowerCase(Locale.ROOT).contains("gzip")) body = new GZIPInputStream(body);
            Socket toClose = socket;
            return new Response(status, headers, new LimitedInputStream(body, maxBytes) {
                @Override
                public void close() throws IOException {
                    toClose.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The body was (or would be) larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long max) {
            super("the document is larger than the limit of " + max + " bytes (llmsvc.documents.max-url-size)");
        }
    }

    /** The overall time limit passed. */
    static final class DeadlineException extends IOException {
        DeadlineException() {
            super("the download took longer than allowed (llmsvc.documents.url-total-timeout)");
        }
    }

    private static long remainingMs(long deadlineNanos) throws DeadlineException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) throw new DeadlineException();
        return ms;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = 0;
        for (int count = 0; ; count++) {
            String line = readLine(in);
            if (line.isEmpty()) return headers;
            total += line.length();
            if (total > MAX_HEADER_BYTES || count > MAX_HEADERS) throw new IOException("response headers too large");
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 16 * 1024) throw new IOException("response line too long");
        }
        if (c < 0 && b.size() == 0) throw new EOFException("the server closed the connection without a response");
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Shortens each read's timeout to what is left of the deadline, and fails once it has passed. */
    private static final class DeadlineInputStream extends FilterInputStream {
        private final Socket socket;
        private final long deadline;
        private final int readTimeoutMs;

        DeadlineInputStream(InputStream in, Socket socket, long deadline, int readTimeoutMs) {
            super(in);
            this.socket = socket;
            this.deadline = deadline;
            this.readTimeoutMs = readTimeoutMs;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long remaining = remainingMs(deadline);
            int timeout = (int) Math.max(1, Math.min(readTimeoutMs, remaining));
            socket.setSoTimeout(timeout);
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                // the wait was cut short by the overall deadline, not the read timeout
                if (timeout < readTimeoutMs) throw new DeadlineException();
                throw new SocketTimeoutException("the server sent nothing for " + readTimeoutMs / 1000 + " s (llmsvc.documents.url-read-timeout)");
            }
        }
    }

    /** Fails with {@link TooLargeException} once more than {@code max} bytes were read. */
    private static class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > max) throw new TooLargeException(max);
            return n;
        }
    }

    /** Exactly {@code length} bytes (Content-Length), then end of stream. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("the server closed the connection before the end of the body");
            left -= n;
            return n;
        }
    }

    /** Decodes {@code Transfer-Encoding: chunked}. */
    private static final class ChunkedInputStream extends FilterInputStream {
        private long left;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (left == 0) {
                String size = readLine(in);
                int semi = size.indexOf(';');
                if (semi >= 0) size = size.substring(0, semi);
                try {
                    left = Long.parseLong(size.strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("invalid chunked encoding");
                }
                if (left < 0) throw new IOException("invalid chunked encoding");
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("the server closed the connection in the middle of the body");
            left -= n;
            if (left == 0) readLine(in);
            return n;
        }
    }

    private PinnedHttp() {}
}
