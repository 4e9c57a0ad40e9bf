package io.llmsvc.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upstream embedder's protocol handling against a small OpenAI-shaped HTTP server on loopback: batching, item
 * order by {@code index}, the bearer key, and the failures an upstream can produce. (The end-to-end path against our
 * own {@code /v1/embeddings} is {@code DocumentEmbeddersIT} in llmsvc-server.)
 */
class UpstreamEmbedderTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> auth = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() { if (server != null) server.stop(0); }

    /** Serves {@code POST /v1/embeddings} with {@code answer(request) -> [status, body]}. */
    String serve(Function<JsonNode, Object[]> answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(req);
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            Object[] a = answer.apply(req);
            byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            if (a.length > 2) ex.getResponseHeaders().add("Location", (String) a[2]);
            ex.sendResponseHeaders((int) a[0], body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static EmbeddingProperties settings(String baseUrl, int batch, Integer dims) {
        var d = EmbeddingProperties.defaults();
        return new EmbeddingProperties("upstream", dims, "query: ", "passage: ", batch, d.onnx(), d.worker(),
                new EmbeddingProperties.Upstream(baseUrl, "e5-test", Secret.of("sk-upstream-key-1234"), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    /** Vectors [len, 1, 0] for each input, returned in reverse order with their indexes. */
    static Object[] reversedVectors(JsonNode req) {
        StringBuilder b = new StringBuilder("{\"object\":\"list\",\"data\":[");
        int n = req.get("input").size();
        for (int i = n - 1; i >= 0; i--) {
            b.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[")
                    .append(req.get("input").get(i).asString().length()).append(",1,0]}").append(i > 0 ? "," : "");
        }
        return new Object[] {200, b.append("],\"model\":\"e5-test\"}").toString()};
    }

    @Test
    void batchesPrefixesOrdersAndNormalises() throws Exception {
        Embedder e = Embedders.create(settings(serve(UpstreamEmbedderTest::reversedVectors), 2, null), null);
        List<float[]> v = e.embedPassages(List.of("a", "bb", "ccc"));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).get("model").asString()).isEqualTo("e5-test");
        assertThat(requests.get(0).get("input").toString()).isEqualTo("[\"passage: a\",\"passage: bb\"]");
        assertThat(auth).containsOnly("Bearer sk-upstream-key-1234");
        // "passage: a" is 10 characters: [10, 1, 0] normalised
        assertThat(v.get(0)[0]).isCloseTo((float) (10 / Math.sqrt(101)), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(v.get(2)[0]).isCloseTo((float) (12 / Math.sqrt(145)), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(e.dimensions()).isEqualTo(3);
        e.embedQuery("q");
        assertThat(requests.getLast().get("input").toString()).isEqualTo("[\"query: q\"]");
    }

    @Test
    void failuresAreClearAndNeverShowTheKey() throws Exception {
        String url = serve(req -> switch (req.get("input").get(0).asString()) {
            case "passage: 401" -> new Object[] {401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"};
            case "passage: redirect" -> new Object[] {307, "", "http://127.0.0.1:1/v1/embeddings"};
            case "passage: garbage" -> new Object[] {200, "<html>"};
            case "passage: short" -> new Object[] {200, "{\"data\":[]}"};
            default -> reversedVectors(req);
        });
        Embedder e = Embedders.create(settings(url, 8, 4), null);
        assertThatThrownBy(() -> e.embedPassages(List.of("401"))).isInstanceOfSatisfying(LlmsvcException.class, ex -> {
            assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
            assertThat(ex.getMessage()).contains("HTTP 401", "Incorrect API key").doesNotContain("sk-upstream-key-1234");
        });
        assertThatThrownBy(() -> e.embedPassages(List.of("redirect"))).hasMessageContaining("HTTP 307");
        assertThat(requests).hasSize(2); // the redirect was not followed
        assertThatThrownBy(() -> e.embedPassages(List.of("garbage"))).hasMessageContaining("unreadable");
        assertThatThrownBy(() -> e.embedPassages(List.of("short"))).hasMessageContaining("unreadable");
        // dimensions configured as 4, the upstream returns 3
        assertThatThrownBy(() -> e.embedPassages(List.of("ok"))).hasMessageContaining("3-dimensional").hasMessageContaining("expected 4");
        server.stop(0);
        server = null;
        assertThatThrownBy(() -> e.embedPassages(List.of("ok"))).isInstanceOfSatisfying(LlmsvcException.class,
                ex -> assertThat(ex.code()).isIn(ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT));
    }
}
