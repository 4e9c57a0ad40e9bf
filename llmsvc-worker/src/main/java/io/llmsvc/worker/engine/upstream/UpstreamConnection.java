package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.worker.WorkerProperties.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of one configured upstream, shared by the {@link UpstreamEngine}s of its models: one
 * {@link HttpClient}, the key selection (with its cache of verdicts on callers' keys) and the error mapping.
 *
 * <p>The base URL comes only from settings; nothing a caller sends can change where requests go, and redirects
 * are not followed (a redirect would carry the key elsewhere). The connection is reference counted: its creator
 * and every engine built on it {@link #close()} it once; the last close stops its HTTP client.
 */
public final class UpstreamConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_JSON_BODY = 256 * 1024 * 1024;

    private final Upstream settings;
    private final String baseUrl;
    private final HttpClient.Version version;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final UpstreamErrors errors;
    private final KeySelector keys;
    private final AtomicInteger users = new AtomicInteger(1);

    public UpstreamConnection(Upstream settings) {
        this.settings = settings;
        String url = settings.baseUrl();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        // HTTP/2 where ALPN negotiates it; no h2c upgrade dance with plain-HTTP local servers.
        this.version = baseUrl.startsWith("https://") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        Secret operatorKey = Secret.of(settings.apiKey());
        this.errors = new UpstreamErrors(settings.name(), settings.timeout(), operatorKey);
        this.keys = new KeySelector(settings.keyMode(), operatorKey, this::probe);
    }

    /** The configured name, for logs and cards. */
    public String name() { return settings.name(); }

    Upstream settings() { return settings; }

    Duration timeout() { return settings.timeout(); }

    UpstreamErrors errors() { return errors; }

    KeySelector keys() { return keys; }

    /**
     * The model ids to expose: the configured {@code models}, or else every id the upstream lists at
     * {@code GET /models} (asked with the operator's key), exactly as the upstream spells it.
     */
    public List<String> exposedModels() {
        return settings.models().isEmpty() ? discoverModels() : List.copyOf(settings.models());
    }

    /** {@code GET /models} with the operator's key (retried like any request); ids in the upstream's order. */
    public List<String> discoverModels() {
        JsonNode list = readJson(exchange("/models", null, keys.select(null), "", new Attempts(settings.retries())));
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list.path("data")) {
            JsonNode id = m.path("id");
            if (id.isString() && !id.stringValue().isBlank()) ids.add(id.stringValue());
        }
        return List.copyOf(ids);
    }

    /** Asks the upstream whether it takes {@code key}; only a clear 401/403 makes a key invalid. */
    private KeySelector.Verdict probe(Secret key) {
        HttpResponse<InputStream> res;
        try {
            res = send(request("/models", null, key), new Attempts(0));
        } catch (IOException | LlmsvcException e) {
            return KeySelector.Verdict.UNKNOWN;
        }
        drain(res.body(), 0);
        int s = res.statusCode();
        if (s >= 200 && s < 300) return KeySelector.Verdict.VALID;
        return s == 401 || s == 403 ? KeySelector.Verdict.INVALID : KeySelector.Verdict.UNKNOWN;
    }

    /**
     * Sends until a 2xx answer, which is returned with its body unread. Connection failures, timeouts, 5xx and 429
     * are retried within {@code attempts}' budget; other answers become mapped {@link LlmsvcException}s at once.
     *
     * @param body the JSON to POST, or null for a GET; it may be adapted after a 400 (see {@link OpenAiBodies#adaptTo})
     */
    HttpResponse<InputStream> exchange(String path, ObjectNode body, Secret key, String model, Attempts attempts) {
        while (true) {
            LlmsvcException failure;
            try {
                HttpResponse<InputStream> res = send(request(path, body, key), attempts);
                int s = res.statusCode();
                if (s >= 200 && s < 300) return res;
                failure = errors.ofStatus(s, drain(res.body(), MAX_ERROR_BODY), model, key);
                if (s == 401 || s == 403) keys.forget(key);
                if ((s == 400 || s == 422) && body != null && OpenAiBodies.adaptTo(body, failure)) continue;
                if (!UpstreamErrors.retryable(s, failure)) throw failure;
            } catch (IOException e) {
                failure = errors.ofTransport(e);
            }
            if (attempts.cancelled()) throw Attempts.cancelledError(name());
            log.warn("{} {} failed: {} ({} of {} retries used)", body == null ? "GET" : "POST", path,
                    failure.getMessage(), attempts.retriesUsed(), settings.retries());
            if (!attempts.backoff()) throw attempts.cancelled() ? Attempts.cancelledError(name()) : failure;
        }
    }

    /** POSTs JSON and reads a whole JSON answer (embeddings), the read bounded by the timeout as well. */
    JsonNode postJson(String path, ObjectNode body, Secret key, String model) {
        return readJson(exchange(path, body, key, model, new Attempts(settings.retries())));
    }

    private JsonNode readJson(HttpResponse<InputStream> res) {
        InputStream in = res.body();
        Watchdog dog = Watchdog.arm(settings.timeout(), () -> closeQuietly(in));
        try (in) {
            byte[] bytes = in.readNBytes(MAX_JSON_BODY);
            return UpstreamErrors.JSON.readTree(bytes);
        } catch (IOException e) {
            throw dog.expired() ? errors.timeout() : errors.ofTransport(e);
        } catch (JacksonException e) {
            throw errors.unreadable();
        } finally {
            dog.disarm();
        }
    }

    private HttpRequest request(String path, ObjectNode body, Secret key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .version(version)
                .timeout(settings.timeout())
                .header("User-Agent", "llmsvc");
        if (key != null) b.header("Authorization", "Bearer " + key.reveal());
        if (body == null) {
            b.header("Accept", "application/json").GET();
        } else {
            boolean stream = body.path("stream").asBoolean(false);
            b.header("Content-Type", "application/json")
                    .header("Accept", stream ? "text/event-stream" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(UpstreamErrors.JSON.writeValueAsBytes(body)));
        }
        return b.build();
    }

    private HttpResponse<InputStream> send(HttpRequest req, Attempts attempts) throws IOException {
        if (attempts.cancelled()) throw Attempts.cancelledError(name());
        CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        attempts.track(f);
        try {
            return f.get();
        } catch (CancellationException e) {
            throw Attempts.cancelledError(name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (attempts.cancelled()) throw Attempts.cancelledError(name());
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the request to upstream '" + name() + "' failed");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw Attempts.cancelledError(name());
        } finally {
            attempts.track(null);
        }
    }

    private static byte[] drain(InputStream in, int max) {
        try (in) {
            return in.readNBytes(max);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the exchange is gone either way
        }
    }

    void retain() {
        if (users.getAndIncrement() <= 0) {
            users.decrementAndGet();
            throw new IllegalStateException("upstream connection '" + name() + "' is closed");
        }
    }

    /** Releases the caller's share; the last release stops the HTTP client and aborts what it still runs. */
    @Override
    public void close() {
        if (users.decrementAndGet() == 0) {
            client.shutdownNow();
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "UpstreamConnection[" + name() + ", keyMode=" + keys.mode() + "]";
    }
}
