package io.llmsvc.agents.embedding;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible {@code POST <base-url>/embeddings} (OpenAI, vLLM, Ollama, llama-server, another llmsvc).
 * Id: {@code upstream:<model>}. The URL comes from settings only and redirects are not followed, so the key goes
 * nowhere else; error messages name the host and status, never the key.
 */
final class UpstreamEmbedder extends ModelEmbedder {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ERROR_TEXT = 300;

    private final URI endpoint;
    private final String model;
    private final Secret apiKey;
    private final Duration timeout;
    private final HttpClient http;

    UpstreamEmbedder(EmbeddingProperties p) {
        super("upstream:" + p.upstream().model(), p.queryPrefix(), p.passagePrefix(), p.batchSize(), p.dimensions());
        String base = p.upstream().baseUrl();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/embeddings");
        this.model = p.upstream().model();
        this.apiKey = p.upstream().apiKey();
        this.timeout = p.upstream().timeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(p.upstream().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(base.startsWith("https://") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    protected List<float[]> embedBatch(List<String> texts) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (apiKey != null) req.header("Authorization", "Bearer " + apiKey.reveal());
        HttpResponse<byte[]> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new LlmsvcException(ErrorCode.TIMEOUT, "the embeddings upstream " + host() + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the embeddings upstream " + host() + " is unreachable");
        } catch (IOException e) {
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the embeddings upstream " + host() + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while calling the embeddings upstream");
        }
        if (res.statusCode() / 100 != 2) {
            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "the embeddings upstream " + host() + " answered HTTP "
                    + res.statusCode() + errorText(res.body()));
        }
        return vectors(res.body(), texts.size());
    }

    private List<float[]> vectors(byte[] body, int expected) {
        try {
            JsonNode data = JSON.readTree(body).path("data");
            if (!data.isArray() || data.size() != expected) throw unreadable("expected " + expected + " items in data");
            float[][] out = new float[expected][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode item = data.get(i);
                int index = item.path("index").asInt(i);
                JsonNode emb = item.path("embedding");
                if (index < 0 || index >= expected || out[index] != null || !emb.isArray()) throw unreadable("bad item " + i);
                float[] v = new float[emb.size()];
                for (int j = 0; j < v.length; j++) v[j] = (float) emb.get(j).asDouble();
                out[index] = v;
            }
            return List.of(out);
        } catch (JacksonException e) {
            throw unreadable("not JSON");
        }
    }

    private LlmsvcException unreadable(String why) {
        return new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "the embeddings upstream " + host() + " sent an unreadable answer (" + why + ")");
    }

    /** The upstream's own error message, shortened; OpenAI style {@code {"error":{"message":...}}} or raw text. */
    private static String errorText(byte[] body) {
        String text;
        try {
            JsonNode n = JSON.readTree(body);
            text = n.path("error").path("message").asString(n.path("error").isString() ? n.path("error").asString() : "");
        } catch (JacksonException e) {
            text = new String(body, 0, Math.min(body.length, MAX_ERROR_TEXT), java.nio.charset.StandardCharsets.UTF_8);
        }
        text = text.strip();
        if (text.length() > MAX_ERROR_TEXT) text = text.substring(0, MAX_ERROR_TEXT) + "…";
        return text.isEmpty() ? "" : ": " + text;
    }

    private String host() { return endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : ""); }
}
