package io.llmsvc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

/**
 * A minimal keep-alive HTTP/1.1 load client over plain sockets, the way wrk works: requests are pre-built bytes
 * written with one call, the response is parsed in the calling thread (status line, headers, a Content-Length or
 * chunked body) without any selector thread, executor or hand-off. One connection per concurrent caller, taken
 * from and returned to a pool, so {@code c} callers use at most {@code c} connections. Only what the benchmarks
 * need: no redirects, no TLS, no compression, no 100-continue.
 */
final class LeanHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();

    LeanHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    int port() { return port; }

    /** A request built once and sent as it is, any number of times. */
    static final class Request {
        final byte[] bytes;
        final String target;

        private Request(byte[] bytes, String target) {
            this.bytes = bytes;
            this.target = target;
        }
    }

    Request post(String path, Map<String, String> headers, byte[] body) {
        return build("POST", path, headers, body);
    }

    Request get(String path, Map<String, String> headers) {
        return build("GET", path, headers, null);
    }

    private Request build(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        Map<String, String> h = new LinkedHashMap<>(headers);
        for (Map.Entry<String, String> e : h.entrySet()) sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        if (body != null) sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + (body == null ? 0 : body.length)];
        System.arraycopy(head, 0, all, 0, head.length);
        if (body != null) System.arraycopy(body, 0, all, head.length, body.length);
        return new Request(all, method + " " + path);
    }

    /** One response: status, the gateway's overhead header (null when absent), the body, and when a watched line arrived. */
    record Response(int status, String overheadMs, byte[] body, long markNanos) {
        String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    /** Sends the request and reads the whole response. */
    Response send(Request req) {
        return send(req, null);
    }

    /**
     * Sends the request and reads the whole response; {@code markLine}, when given, is tested on every complete line
     * of the body as it arrives and the {@link System#nanoTime()} of the first match is returned as {@code markNanos}
     * (-1 when none matched): the time to first token of an SSE or NDJSON stream.
     */
    Response send(Request req, Predicate<String> markLine) {
        Conn c = idle.pollFirst();
        try {
            if (c == null) c = new Conn(new InetSocketAddress(host, port));
            Response r = c.exchange(req, markLine);
            if (c.reusable) {
                idle.addFirst(c);
            } else {
                c.close();
            }
            c = null;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(req.target + " failed: " + e.getMessage(), e);
        } finally {
            if (c != null) c.close();
        }
    }

    @Override
    public void close() {
        Conn c;
        while ((c = idle.pollFirst()) != null) c.close();
    }

    /** One keep-alive connection; used by one thread at a time. */
    private static final class Conn {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[16 * 1024];
        private int pos, lim;
        boolean reusable;

        Conn(InetSocketAddress addr) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(addr, 10_000);
            socket.setSoTimeout(120_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Response exchange(Request req, Predicate<String> markLine) throws IOException {
            reusable = false;
            out.write(req.bytes);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            String overhead = null;
            for (String h; !(h = line()).isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon), value = h.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
                else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.equalsIgnoreCase("chunked");
                else if (name.equalsIgnoreCase("Connection")) close = value.equalsIgnoreCase("close");
                else if (name.equalsIgnoreCase("X-Llmsvc-Overhead-Ms")) overhead = value;
            }
            Body body = new Body(markLine);
            if (chunked) {
                for (int n; (n = Integer.parseInt(strip(line()), 16)) > 0; ) {
                    copy(n, body);
                    if (!line().isEmpty()) throw new IOException("bad chunk end");
                }
                while (!line().isEmpty()) { } // trailers
            } else if (length >= 0) {
                copy(length, body);
            } else {
                throw new IOException("a response without length or chunking");
            }
            reusable = !close;
            return new Response(code, overhead, body.bytes(), body.mark);
        }

        private static String strip(String sizeLine) {
            int semi = sizeLine.indexOf(';');
            return (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
        }

        /** One CRLF-terminated line of the head or chunk framing (ISO-8859-1), without the CRLF. */
        private String line() throws IOException {
            StringBuilder sb = null;
            while (true) {
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        String part = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        String s = sb == null ? part : sb.append(part).toString();
                        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                    }
                }
                if (sb == null) sb = new StringBuilder();
                sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
                if (!fill()) throw new IOException("connection closed mid-response");
            }
        }

        private void copy(long n, Body body) throws IOException {
            while (n > 0) {
                if (pos == lim && !fill()) throw new IOException("connection closed in the body");
                int k = (int) Math.min(n, lim - pos);
                body.append(buf, pos, k);
                pos += k;
                n -= k;
            }
        }

        private boolean fill() throws IOException {
            pos = 0;
            lim = 0;
            int n = in.read(buf);
            if (n <= 0) return false;
            lim = n;
            return true;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The body as it arrives; watches complete lines for the first match when asked. */
    private static final class Body {
        private final Predicate<String> markLine;
        private byte[] data = new byte[1024];
        private int n, lineStart;
        long mark = -1;

        Body(Predicate<String> markLine) {
            this.markLine = markLine;
        }

        void append(byte[] b, int off, int len) {
            if (n + len > data.length) data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, n + len));
            System.arraycopy(b, off, data, n, len);
            int from = n;
            n += len;
            if (markLine == null || mark >= 0) return;
            for (int i = from; i < n; i++) {
                if (data[i] == '\n') {
                    if (markLine.test(new String(data, lineStart, i - lineStart, StandardCharsets.UTF_8))) {
                        mark = System.nanoTime();
                        return;
                    }
                    lineStart = i + 1;
                }
            }
        }

        byte[] bytes() { return java.util.Arrays.copyOf(data, n); }
    }
}
