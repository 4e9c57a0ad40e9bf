package io.llmsvc.runtime.internal;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import tools.jackson.core.JacksonException;

/**
 * A small JSON-over-HTTP client for calls between targets: adds the cluster credential, maps error bodies back to
 * {@link LlmsvcException}s and transport failures to {@code UNAVAILABLE} / {@code TIMEOUT}.
 */
public final class InternalHttp {
    private static final HttpClient SHARED = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private final String baseUrl;
    private final ClusterCredential credential;
    private final Duration timeout;

    public InternalHttp(String baseUrl, ClusterCredential credential, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.credential = credential;
        this.timeout = timeout;
    }

    public String baseUrl() { return baseUrl; }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header(ClusterCredential.HEADER, credential.headerValue())
                .header("Content-Type", "application/json");
    }

    public <T> T get(String path, Class<T> type) {
        return send(request(path).GET().build(), type);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(InternalJson.MAPPER.writeValueAsBytes(body))).build(), type);
    }

    public void delete(String path) {
        send(request(path).DELETE().build(), Void.class);
    }

    public <T> T send(HttpRequest req, Class<T> type) {
        HttpResponse<byte[]> res;
        try {
            res = SHARED.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while calling " + baseUrl);
        }
        if (res.statusCode() >= 300) throw errorOf(res.statusCode(), res.body());
        if (type == Void.class || res.body().length == 0) return null;
        try {
            return InternalJson.MAPPER.readValue(res.body(), type);
        } catch (JacksonException e) {
            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "unreadable answer from " + baseUrl);
        }
    }

    /** Sends and returns the body as a stream (for NDJSON event streams); errors are mapped as for {@link #send}. */
    public InputStream stream(HttpRequest req) {
        HttpResponse<InputStream> res;
        try {
            res = SHARED.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transportFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while calling " + baseUrl);
        }
        if (res.statusCode() >= 300) {
            byte[] body;
            try (InputStream in = res.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw errorOf(res.statusCode(), body);
        }
        return res.body();
    }

    public PeerUnreachableException transportFailure(IOException e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return new PeerUnreachableException(ErrorCode.UNAVAILABLE, "cannot reach " + baseUrl, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new PeerUnreachableException(ErrorCode.TIMEOUT, "no answer from " + baseUrl + " within " + timeout.toSeconds() + "s", e);
        }
        return new PeerUnreachableException(ErrorCode.UNAVAILABLE, "connection to " + baseUrl + " failed", e);
    }

    private LlmsvcException errorOf(int status, byte[] body) {
        try {
            InternalError err = InternalJson.MAPPER.readValue(body, InternalError.class);
            if (err.code() != null) return err.toException();
        } catch (JacksonException ignored) {
            // not our error body
        }
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.UPSTREAM_ERROR;
        };
        return new LlmsvcException(code, baseUrl + " answered HTTP " + status);
    }
}
