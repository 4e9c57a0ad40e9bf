package io.llmsvc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.gguf.TinyModels;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents as separate processes of the executable jar: controller, worker, router, document agent (its own data
 * dir and H2 database) and a gateway that reaches the agents through {@code LLMSVC_ROUTER_URL} and
 * {@code LLMSVC_DOCUMENTS_URL}. Through the gateway only: the router reads a message, a document is uploaded (its
 * bytes streamed across two processes), becomes ready, is found, answers a question with citations, is routed to
 * from the chat, is private to its owner, and is deleted; a 200 MB upload passes a gateway whose heap is smaller.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentsTopologyIT {
    static final String KEY = "sk-agents-topology-key-0123456789";
    static final String TOKEN = "cluster-token-for-agents-topology-0123";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String QUESTION = "Search my uploaded documents: how many blue widgets does the Zorblax maintenance protocol require?";

    @TempDir
    static Path dir;
    static final String MAX_UPLOAD = "256MB";
    static final long BIG = 200L * 1024 * 1024;
    static Proc controller, worker, router, documents, gateway;
    static String documentId;

    @BeforeAll
    static void startCluster() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        controller = proc("controller", "controller", Map.of(), "256m").start();
        controller.awaitLive(Duration.ofSeconds(60));
        Map<String, String> peer = Map.of("LLMSVC_CONTROLLER_URL", controller.url(), "LLMSVC_MODELS_DIR", models.toString());
        worker = proc("worker", "worker", peer, "256m").start();
        router = proc("router", "router", peer, "384m").start();
        documents = proc("documents", "documents", peer, "512m").start();
        router.awaitLive(Duration.ofSeconds(240));
        documents.awaitLive(Duration.ofSeconds(240));
        Map<String, String> gw = new HashMap<>(peer);
        gw.put("LLMSVC_ROUTER_URL", router.url());
        gw.put("LLMSVC_DOCUMENTS_URL", documents.url());
        // a heap smaller than the largest upload: an upload held in memory would not fit
        gateway = proc("gateway", "gateway", gw, "160m").start();
        worker.awaitLive(Duration.ofSeconds(240));
        gateway.awaitLive(Duration.ofSeconds(240));
    }

    @AfterAll
    static void stopCluster() {
        for (Proc p : new Proc[] {gateway, documents, router, worker, controller}) {
            if (p != null) p.close();
        }
    }

    static Proc proc(String name, String target, Map<String, String> extraEnv, String heap) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data-" + name));
        // the agents use no LLM here (the tiny model writes gibberish): routing is the classifier's, answers extractive
        List<String> args = new ArrayList<>(List.of("--target", target, "--llmsvc.users.signup-enabled=true", "--llmsvc.agents.model=no-model-for-agents",
                "--llmsvc.documents.max-upload-size=" + MAX_UPLOAD,
                "--llmsvc.worker.context-size=256", "--llmsvc.worker.slots=2"));
        Map<String, String> env = new HashMap<>(Map.of(
                "LLMSVC_CLUSTER_TOKEN", TOKEN,
                "LLMSVC_BOOTSTRAP_KEY", KEY,
                "LLMSVC_DATA_DIR", data.toString()));
        env.putAll(extraEnv);
        return new Proc(name, Proc.freePort(), dir.resolve(name + ".log"), args, env, heap);
    }

    static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Proc.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void theRouterAnswersThroughTheGateway() throws Exception {
        JsonNode a = ok(call("POST", "/api/router/analyze", KEY, "{\"message\":\"" + QUESTION + "\"}"), 200);
        assertThat(a.path("intent").asString()).isEqualTo("document_search");
        assertThat(a.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(ok(call("POST", "/api/router/route", KEY, "{\"message\":\"hello\"}"), 200).path("target").asString()).isEqualTo("general");
        JsonNode bad = JSON.readTree(call("POST", "/api/router/analyze", KEY, "{\"message\":\"\"}").body());
        assertThat(bad.path("error").path("param").asString()).isEqualTo("message");
    }

    @Test
    @Order(2)
    void aDocumentIsUploadedFoundAndAnsweredFrom() throws Exception {
        String text = "# Zorblax maintenance handbook\n\nThe Zorblax maintenance protocol requires exactly seventeen blue widgets per quarter.\n\n"
                + "## Leave\n\nEmployees receive fifteen days of paid annual leave.\n" + "Filler paragraph about nothing in particular. ".repeat(1500);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String boundary = "----topology-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nZorblax handbook\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../zorblax.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bytes, 0, body, head.length, bytes.length);
        System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
        HttpResponse<String> up = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/documents"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode queued = ok(up, 202);
        documentId = queued.path("id").asString();
        assertThat(queued.path("size_bytes").asLong()).isEqualTo(bytes.length);
        assertThat(queued.path("source").asString()).isEqualTo("zorblax.md");
        assertThat(up.headers().firstValue("Location")).hasValue("/api/documents/" + documentId);

        JsonNode d = null;
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < end) {
            d = ok(call("GET", "/api/documents/" + documentId, KEY, null), 200);
            if (d.path("status").asString().equals("ready") || d.path("status").asString().equals("failed")) break;
            Thread.sleep(250);
        }
        assertThat(d.path("status").asString()).as(d.toString()).isEqualTo("ready");
        assertThat(d.path("chunks").asInt()).isGreaterThan(1);

        JsonNode s = ok(call("POST", "/api/documents/search", KEY, "{\"query\":\"Zorblax blue widgets\",\"top_k\":3}"), 200);
        assertThat(s.path("results").get(0).path("document_id").asString()).isEqualTo(documentId);
        assertThat(s.path("results").get(0).path("text").asString()).contains("seventeen blue widgets");
        String chunk = s.path("results").get(0).path("chunk_id").asString();
        assertThat(ok(call("GET", "/api/documents/" + documentId + "/chunks/" + chunk, KEY, null), 200).path("text").asString())
                .contains("seventeen blue widgets");

        JsonNode a = ok(call("POST", "/api/documents/answer", KEY, "{\"question\":\"How many blue widgets does the Zorblax protocol require?\"}"), 200);
        assertThat(a.path("method").asString()).isEqualTo("extractive");
        assertThat(a.path("citations").get(0).path("document_id").asString()).isEqualTo(documentId);
        // streamed, across both processes (the agent's NDJSON, the gateway's events): one piece, then the whole answer
        HttpResponse<String> streamed = call("POST", "/api/documents/answer", KEY,
                "{\"question\":\"How many blue widgets does the Zorblax protocol require?\",\"stream\":true}");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).map(l -> JSON.readTree(l.substring(6))).toList();
        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("start", "delta", "done");
        assertThat(events.get(1).path("text").asString()).isEqualTo(events.get(2).path("answer").asString()).isEqualTo(a.path("answer").asString());
        assertThat(events.get(2).path("method").asString()).isEqualTo("extractive");
        assertThat(events.get(2).path("citations").get(0).path("document_id").asString()).isEqualTo(documentId);
        assertThat(ok(call("POST", "/api/documents/embed", KEY, "{\"input\":[\"a\"]}"), 200).path("embeddings").size()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aLargeUploadIsStreamedThroughBothProcesses() throws Exception {
        String boundary = "----big-upload";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + BIG + tail.length;
        // generated while sent: the test holds 64 KB of it, the gateway (160 MB heap) must not hold it either
        var body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                java.util.Collections.enumeration(List.of(new java.io.ByteArrayInputStream(head), new Zeros(BIG),
                        new java.io.ByteArrayInputStream(tail))))), length);
        long t0 = System.nanoTime();
        HttpResponse<String> up = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/documents"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode d = ok(up, 202);
        assertThat(d.path("size_bytes").asLong()).isEqualTo(BIG);
        System.out.printf("200 MB upload through the gateway (160 MB heap) to the document agent: %.1f s, %.0f MB/s%n", seconds, 200 / seconds);
        assertThat(gateway.isAlive()).isTrue();
        ok(call("DELETE", "/api/documents/" + d.path("id").asString(), KEY, null), 204);
    }

    /** {@code n} zero bytes, made while read. */
    static final class Zeros extends java.io.InputStream {
        private long left;

        Zeros(long n) {
            left = n;
        }

        @Override
        public int read() {
            if (left <= 0) return -1;
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    @Test
    @Order(4)
    void theChatIsRoutedToTheDocumentAgent() throws Exception {
        JsonNode r = ok(call("POST", "/api/v1/chat", KEY, "{\"user_message\":\"" + QUESTION + "\"}"), 200);
        assertThat(r.path("service_used").asString()).isEqualTo("documents");
        assertThat(r.path("intent").asString()).isEqualTo("document_search");
        assertThat(r.path("citations").get(0).path("document_id").asString()).isEqualTo(documentId);
        JsonNode g = ok(call("POST", "/api/v1/chat", KEY, "{\"user_message\":\"hello\",\"max_tokens\":4}"), 200);
        assertThat(g.path("service_used").asString()).isEqualTo("general");
        assertThat(g.path("model").asString()).isEqualTo("tiny");
    }

    @Test
    @Order(5)
    void theCallerCrossesProcesses() throws Exception {
        // a second user, signed up through the gateway, does not see the admin's private document
        String creds = "{\"username\":\"erin-topology\",\"password\":\"erin-topology-long-password\"}";
        ok(call("POST", "/api/v1/auth/signup", null, creds), 201);
        HttpResponse<String> login = call("POST", "/api/v1/auth/login", null, creds);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> list = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/documents"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok(list, 200).path("data").size()).isZero();
        HttpResponse<String> one = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/documents/" + documentId))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(one.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(one.body()).path("error").path("code").asString()).isEqualTo("not_found");
    }

    @Test
    @Order(6)
    void theAgentsRefuseCallsWithoutTheClusterToken() throws Exception {
        JsonNode health = JSON.readTree(Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.path("checks").path("agents").path("details").path("documents").asString()).isEqualTo(documents.url() + " (up)");
        assertThat(health.path("checks").path("agents").path("details").path("router").asString()).isEqualTo(router.url() + " (up)");
        for (String url : List.of(router.url() + "/internal/router/intents", documents.url() + "/internal/documents/documents")) {
            HttpResponse<String> r = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(url).isEqualTo(401);
        }
    }

    @Test
    @Order(7)
    void aDeletedDocumentIsGone() throws Exception {
        assertThat(call("DELETE", "/api/documents/" + documentId, KEY, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/documents/" + documentId, KEY, null).statusCode()).isEqualTo(404);
        JsonNode s = ok(call("POST", "/api/documents/search", KEY, "{\"query\":\"Zorblax blue widgets\"}"), 200);
        for (JsonNode h : s.path("results")) assertThat(h.path("document_id").asString()).isNotEqualTo(documentId);
    }
}
