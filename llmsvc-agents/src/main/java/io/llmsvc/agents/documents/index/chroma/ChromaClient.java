package io.llmsvc.agents.documents.index.chroma;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few calls of Chroma's HTTP API v2 the adapter needs, on one tenant and database:
 * {@code POST .../collections} (get or create), and {@code add}, {@code delete}, {@code query}, {@code get},
 * {@code count} on one collection. JSON in and out; errors become {@link LlmsvcException}s naming Chroma's URL and
 * status, never its token.
 */
final class ChromaClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final Secret token;
    private final Duration timeout;
    private final HttpClient http;

    ChromaClient(String url, String tenant, String database, Secret token, Duration timeout) {
        String root = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.base = root + "/api/v2/tenants/" + enc(tenant) + "/databases/" + enc(database) + "/collections";
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    static ObjectNode object() { return JSON.createObjectNode(); }

    /** Gets or creates the collection (cosine space); returns Chroma's collection object (id, metadata, dimension). */
    JsonNode collection(String name, ObjectNode metadata) {
        ObjectNode body = object().put("name", name).put("get_or_create", true);
        body.set("metadata", metadata);
        body.putObject("configuration").putObject("hnsw").put("space", "cosine");
        return call("POST", base, body);
    }

    void add(String collectionId, ObjectNode records) { call("POST", base + "/" + collectionId + "/add", records); }

    void delete(String collectionId, ObjectNode where) {
        ObjectNode body = object();
        body.set("where", where);
        call("POST", base + "/" + collectionId + "/delete", body);
    }

    JsonNode query(String collectionId, ObjectNode body) { return call("POST", base + "/" + collectionId + "/query", body); }

    JsonNode get(String collectionId, ObjectNode body) { return call("POST", base + "/" + collectionId + "/get", body); }

    int count(String collectionId) { return call("GET", base + "/" + collectionId + "/count", null).asInt(); }

    private JsonNode call(String method, String url, JsonNode body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
        if (token != null) req.header("Authorization", "Bearer " + token.reveal());
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new LlmsvcException(ErrorCode.TIMEOUT, "ChromaDB at " + host() + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "ChromaDB at " + host() + " is unreachable (llmsvc.documents.index.chroma-url)");
        } catch (IOException e) {
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "ChromaDB at " + host() + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while calling ChromaDB");
        }
        if (res.statusCode() / 100 != 2) {
            String text = new String(res.body(), StandardCharsets.UTF_8).strip();
            if (text.length() > 300) text = text.substring(0, 300) + "…";
            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "ChromaDB at " + host() + " answered HTTP " + res.statusCode() + ": " + text);
        }
        try {
            return res.body().length == 0 ? object() : JSON.readTree(res.body());
        } catch (JacksonException e) {
            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "ChromaDB at " + host() + " sent an answer that is not JSON");
        }
    }

    private String host() {
        URI u = URI.create(base);
        return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
