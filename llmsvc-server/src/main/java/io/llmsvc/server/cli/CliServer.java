package io.llmsvc.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running server as the commands reach it: {@code --url} (else {@code LLMSVC_URL}, else the local server on
 * {@code SERVER_PORT} or 8080) and {@code --key} (else {@code LLMSVC_API_KEY}). Failures are {@link CliException}s.
 */
public final class CliServer {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FLAGS = "[--url URL] [--key KEY]";

    private final String url;
    private final String key;
    private HttpClient http;

    CliServer(String url, String key) {
        this.url = strip(url);
        this.key = key == null || key.isBlank() ? null : key.strip();
    }

    /** From the flags (may be null) and the environment. */
    static CliServer of(String urlFlag, String keyFlag, Map<String, String> env) {
        String url = urlFlag != null ? urlFlag : nonBlank(env.get("LLMSVC_URL"),
                "http://127.0.0.1:" + nonBlank(env.get("SERVER_PORT"), "8080"));
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new CliException("--url must be an http:// or https:// address, got '" + url + "'", 2);
        }
        return new CliServer(url, keyFlag != null ? keyFlag : env.get("LLMSVC_API_KEY"));
    }

    String url() { return url; }

    boolean hasKey() { return key != null; }

    /** Whether a server answers at the URL (its liveness route, within about two seconds). */
    boolean isUp() {
        if (!listening()) return false;
        try {
            HttpResponse<Void> r = http().send(HttpRequest.newBuilder(URI.create(url + "/health/live")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500 || r.statusCode() == 503;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether anything accepts a connection at the URL's host and port: a plain socket, so that a command run with
     * no server up does not build the HTTP client (and its TLS context) only to be refused.
     */
    private boolean listening() {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return true; // the HTTP client says what is wrong with the address
        }
        if (u.getHost() == null) return true;
        int port = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a JSON request with the key; returns the parsed body of a 2xx answer, else throws the server's message. */
    JsonNode call(String method, String path, Object body) {
        if (key == null) {
            throw new CliException("the server at " + url + " needs an API key: pass --key KEY or set LLMSVC_API_KEY"
                    + " (an admin key: the one printed at the server's first start, or an admin user's key)");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (r.statusCode() / 100 != 2) throw new CliException(errorMessage(r.body(), r.statusCode()));
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    /** Built on first use: it costs a few hundred milliseconds of class loading (TLS among them). */
    HttpClient http() {
        if (http == null) http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        return http;
    }

    CliException unreachable(IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException || e.getCause() instanceof ConnectException) {
            return new CliException("no server answers at " + url + ": start it with bin/llmsvc, or pass --url (or LLMSVC_URL)");
        }
        return new CliException("cannot talk to " + url + ": " + CliException.rootMessage(e));
    }

    /** The message of an error body ({@code {"error":{"message":...}}}), else the status. */
    static String errorMessage(String body, int status) {
        try {
            String m = JSON.readTree(body).path("error").path("message").asString("");
            return m.isBlank() ? "the server answered HTTP " + status : m + " (HTTP " + status + ")";
        } catch (RuntimeException e) {
            return "the server answered HTTP " + status;
        }
    }

    private static String strip(String url) {
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        return u;
    }

    private static String nonBlank(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v;
    }
}
