package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents through the gateway on real HTTP, in one process ({@code all}): the router's routes, the documents'
 * routes with who may see what (owner, another user, a role, everyone, an admin), bad input in the API's error
 * format, hostile file names and unreadable files, and the chat routed by intent. The agents use no LLM here
 * ({@code llmsvc.agents.model} names a model that is not loaded), so routing is the classifier's and answers are
 * extractive: deterministic, while the chat model still answers general messages.
 */
class AgentsApiIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FACT = "The Zorblax maintenance protocol requires exactly seventeen blue widgets per quarter.";
    static final String DOC = """
            # Zorblax maintenance handbook

            ## Widgets
            %s Widgets are counted by the facilities team.

            ## Holidays
            Employees receive fifteen days of paid annual leave in their first year.
            """.formatted(FACT);
    static final String DOCUMENTS_QUESTION = "Search my uploaded documents: how many blue widgets does the Zorblax maintenance protocol require?";
    static TestServer server;
    static Users.Account alice, bob, carol;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--llmsvc.agents.model=no-model-for-agents");
        Users users = new Users(server);
        alice = users.create("alice-docs", List.of("user"));
        bob = users.create("bob-docs", List.of("user"));
        carol = users.create("carol-docs", List.of("user", "hr"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    static JsonNode error(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body()).path("error");
        assertThat(e.path("message").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.llmsvc");
        return e;
    }

    /** A multipart upload with the given file name, type and bytes, and optional form fields (name, value, ...). */
    static HttpResponse<String> upload(String key, String fileName, String type, byte[] content, String... fields) throws Exception {
        String boundary = "----llmsvc" + UUID.randomUUID();
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/documents"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the document until ingestion finished; returns it. */
    static JsonNode awaitFinished(String key, String id) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode d = null;
        while (System.nanoTime() < end) {
            d = ok(call("GET", "/api/documents/" + id, key, null), 200);
            String status = d.path("status").asString();
            if (status.equals("ready") || status.equals("failed")) return d;
            Thread.sleep(200);
        }
        throw new AssertionError("document " + id + " did not finish: " + d);
    }

    static String uploadReady(String key, String fileName, String text, String... fields) throws Exception {
        JsonNode queued = ok(upload(key, fileName, "text/markdown", text.getBytes(StandardCharsets.UTF_8), fields), 202);
        assertThat(queued.path("status").asString()).isIn("queued", "parsing", "embedding", "ready");
        JsonNode d = awaitFinished(key, queued.path("id").asString());
        assertThat(d.path("status").asString()).as(d.toString()).isEqualTo("ready");
        return d.path("id").asString();
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : list.path("data")) out.add(d.path("id").asString());
        return out;
    }

    static List<String> searchHits(String key, String query) throws Exception {
        JsonNode r = ok(call("POST", "/api/documents/search", key, "{\"query\":\"" + query + "\",\"top_k\":10}"), 200);
        List<String> docs = new ArrayList<>();
        for (JsonNode h : r.path("results")) docs.add(h.path("document_id").asString());
        return docs;
    }

    @Test
    void everyRouteNeedsACaller() throws Exception {
        for (String[] route : new String[][] {{"GET", "/api/documents"}, {"GET", "/api/documents/x"}, {"DELETE", "/api/documents/x"},
                {"POST", "/api/documents/search"}, {"POST", "/api/documents/answer"}, {"POST", "/api/documents/embed"},
                {"GET", "/api/router/intents"}, {"POST", "/api/router/analyze"}, {"POST", "/api/router/route"}}) {
            HttpResponse<String> r = call(route[0], route[1], null, route[0].equals("POST") ? "{}" : null);
            assertThat(r.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).path("error").path("code").asString()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void theRouterReadsMessages() throws Exception {
        JsonNode intents = ok(call("GET", "/api/router/intents", alice.key(), null), 200);
        List<String> names = new ArrayList<>();
        for (JsonNode i : intents.path("data")) names.add(i.path("name").asString());
        assertThat(names).contains("document_search", "employee_analysis", "client_info", "general");

        JsonNode a = ok(call("POST", "/api/router/analyze", alice.key(), "{\"message\":\"" + DOCUMENTS_QUESTION + "\"}"), 200);
        assertThat(a.path("intent").asString()).isEqualTo("document_search");
        assertThat(a.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(a.path("scores").path("document_search").asDouble()).isEqualTo(a.path("confidence").asDouble());
        JsonNode d = ok(call("POST", "/api/router/route", alice.key(), "{\"message\":\"업로드한 문서에서 휴가 규정을 찾아줘\"}"), 200);
        assertThat(d.path("intent").asString()).isEqualTo("document_search");
        assertThat(d.path("target").asString()).isEqualTo("documents");
        assertThat(ok(call("POST", "/api/router/route", alice.key(), "{\"message\":\"hello\"}"), 200).path("target").asString()).isEqualTo("general");

        assertThat(error(call("POST", "/api/router/analyze", alice.key(), "{\"message\":\"\"}"), 400).path("param").asString()).isEqualTo("message");
        assertThat(error(call("POST", "/api/router/analyze", alice.key(), "{\"message\":\"hi\",\"x\":1}"), 400).path("param").asString()).isEqualTo("x");
        assertThat(error(call("POST", "/api/router/analyze", alice.key(), "{\"message\":5}"), 400).path("param").asString()).isEqualTo("message");
    }

    @Test
    void whoSeesADocument() throws Exception {
        String id = uploadReady(alice.key(), "zorblax.md", DOC, "title", "Zorblax handbook");
        JsonNode mine = ok(call("GET", "/api/documents/" + id, alice.key(), null), 200);
        assertThat(mine.path("owner_id").asString()).isEqualTo(alice.userId());
        assertThat(mine.path("visibility").asString()).isEqualTo("private");
        assertThat(mine.path("title").asString()).isEqualTo("Zorblax handbook");
        assertThat(mine.path("source").asString()).isEqualTo("zorblax.md");
        assertThat(mine.path("chunks").asInt()).isPositive();
        assertThat(ids(ok(call("GET", "/api/documents", alice.key(), null), 200))).contains(id);
        assertThat(searchHits(alice.key(), "Zorblax blue widgets")).contains(id);

        // private: another user sees nothing, as if it did not exist; an admin reaches it by id or in the explicit
        // view of every user's documents, but the admin's own list and search leave it out
        assertThat(error(call("GET", "/api/documents/" + id, bob.key(), null), 404).path("code").asString()).isEqualTo("not_found");
        error(call("DELETE", "/api/documents/" + id, bob.key(), null), 404);
        error(call("PATCH", "/api/documents/" + id, bob.key(), "{\"visibility\":\"everyone\"}"), 404);
        assertThat(ids(ok(call("GET", "/api/documents", bob.key(), null), 200))).doesNotContain(id);
        assertThat(searchHits(bob.key(), "Zorblax blue widgets")).doesNotContain(id);
        assertThat(ok(call("GET", "/api/documents/" + id, TestServer.KEY, null), 200).path("id").asString()).isEqualTo(id);
        assertThat(ids(ok(call("GET", "/api/documents", TestServer.KEY, null), 200))).doesNotContain(id);
        assertThat(searchHits(TestServer.KEY, "Zorblax blue widgets")).doesNotContain(id);
        JsonNode all = ok(call("GET", "/api/documents?all=true", TestServer.KEY, null), 200);
        assertThat(ids(all)).contains(id);
        for (JsonNode d : all.path("data")) {
            if (d.path("id").asString().equals(id)) assertThat(d.path("owner_name").asString()).isEqualTo("alice-docs");
        }
        assertThat(error(call("GET", "/api/documents?all=true", bob.key(), null), 403).path("code").asString()).isEqualTo("forbidden");

        // a role: carol (hr) sees it, bob does not
        assertThat(ok(call("PATCH", "/api/documents/" + id, alice.key(), "{\"visibility\":\"role:hr\"}"), 200)
                .path("visibility").asString()).isEqualTo("role:hr");
        ok(call("GET", "/api/documents/" + id, carol.key(), null), 200);
        assertThat(searchHits(carol.key(), "Zorblax blue widgets")).contains(id);
        error(call("GET", "/api/documents/" + id, bob.key(), null), 404);

        // everyone: bob reads it, but only the owner (or an admin) changes or deletes it
        ok(call("PATCH", "/api/documents/" + id, alice.key(), "{\"visibility\":\"everyone\"}"), 200);
        ok(call("GET", "/api/documents/" + id, bob.key(), null), 200);
        assertThat(searchHits(bob.key(), "Zorblax blue widgets")).contains(id);
        assertThat(call("DELETE", "/api/documents/" + id, bob.key(), null).statusCode()).isIn(403, 404);
        assertThat(call("PATCH", "/api/documents/" + id, bob.key(), "{\"visibility\":\"private\"}").statusCode()).isIn(403, 404);
        ok(call("GET", "/api/documents/" + id, alice.key(), null), 200);

        // a passage a citation points to, with the reader's access checked
        JsonNode hit = ok(call("POST", "/api/documents/search", alice.key(), "{\"query\":\"Zorblax blue widgets\",\"top_k\":1,\"mode\":\"bm25\"}"), 200)
                .path("results").get(0);
        assertThat(hit.path("text").asString()).contains("seventeen blue widgets");
        String chunk = hit.path("chunk_id").asString();
        JsonNode passage = ok(call("GET", "/api/documents/" + id + "/chunks/" + chunk, bob.key(), null), 200);
        assertThat(passage.path("text").asString()).contains("seventeen blue widgets");
        ok(call("PATCH", "/api/documents/" + id, alice.key(), "{\"visibility\":\"private\"}"), 200);
        error(call("GET", "/api/documents/" + id + "/chunks/" + chunk, bob.key(), null), 404);

        // deleted: gone for everyone, also from search
        assertThat(call("DELETE", "/api/documents/" + id, alice.key(), null).statusCode()).isEqualTo(204);
        error(call("GET", "/api/documents/" + id, alice.key(), null), 404);
        error(call("GET", "/api/documents/" + id, TestServer.KEY, null), 404);
        assertThat(searchHits(alice.key(), "Zorblax blue widgets")).doesNotContain(id);
    }

    @Test
    void answersAndEmbeddings() throws Exception {
        String id = uploadReady(carol.key(), "handbook.md", DOC);
        JsonNode a = ok(call("POST", "/api/documents/answer", carol.key(),
                "{\"question\":\"How many blue widgets does the Zorblax maintenance protocol require?\",\"top_k\":3}"), 200);
        assertThat(a.path("method").asString()).isEqualTo("extractive");
        assertThat(a.path("reason").asString()).isEqualTo("no_model");
        assertThat(a.path("found").asBoolean()).isTrue();
        assertThat(a.path("answer").asString()).isNotBlank();
        assertThat(a.path("citations").size()).isPositive();
        JsonNode c = a.path("citations").get(0);
        assertThat(c.path("number").asInt()).isEqualTo(1);
        assertThat(c.path("document_id").asString()).isEqualTo(id);
        assertThat(c.path("source").asString()).isEqualTo("handbook.md");

        JsonNode e = ok(call("POST", "/api/documents/embed", carol.key(), "{\"input\":[\"blue widgets\",\"연차 휴가\"]}"), 200);
        assertThat(e.path("embeddings").size()).isEqualTo(2);
        assertThat(e.path("embeddings").get(0).size()).isEqualTo(e.path("dimensions").asInt());
        assertThat(e.path("model").asString()).isNotBlank();
        ok(call("DELETE", "/api/documents/" + id, carol.key(), null), 204);
    }

    @Test
    void badInputIsAClear4xx() throws Exception {
        String k = alice.key();
        assertThat(error(call("POST", "/api/documents/search", k, "{\"query\":\"\"}"), 400).path("param").asString()).isEqualTo("query");
        assertThat(error(call("POST", "/api/documents/search", k, "{\"query\":\"x\",\"top_k\":0}"), 400).path("param").asString()).isEqualTo("top_k");
        assertThat(error(call("POST", "/api/documents/search", k, "{\"query\":\"x\",\"top_k\":\"5\"}"), 400).path("param").asString()).isEqualTo("top_k");
        assertThat(error(call("POST", "/api/documents/search", k, "{\"query\":\"x\",\"mode\":\"magic\"}"), 400).path("param").asString()).isEqualTo("mode");
        assertThat(error(call("POST", "/api/documents/search", k, "{\"query\":\"x\",\"filter\":1}"), 400).path("param").asString()).isEqualTo("filter");
        assertThat(error(call("POST", "/api/documents/answer", k, "{}"), 400).path("param").asString()).isEqualTo("question");
        assertThat(error(call("POST", "/api/documents/embed", k, "{\"input\":[]}"), 400).path("param").asString()).isEqualTo("input");
        assertThat(error(call("POST", "/api/documents/embed", k, "{\"input\":\"text\"}"), 400).path("param").asString()).isEqualTo("input");
        error(call("POST", "/api/documents/search", k, "{oops"), 400);
        error(call("POST", "/api/documents", k, "{\"visibility\":\"private\"}"), 400);
        assertThat(error(call("GET", "/api/documents/no-such-document", k, null), 404).path("code").asString()).isEqualTo("not_found");
        error(call("GET", "/api/documents/no-such-document/chunks/no-such-chunk", k, null), 404);
        error(call("DELETE", "/api/documents/no-such-document", k, null), 404);

        String id = uploadReady(k, "v.md", "Visibility check document.");
        assertThat(error(call("PATCH", "/api/documents/" + id, k, "{\"visibility\":\"friends\"}"), 400).path("param").asString()).isEqualTo("visibility");
        error(call("PATCH", "/api/documents/" + id, k, "{}"), 400);
        // multipart without a file, with an unknown field, with two files
        HttpResponse<String> noFile = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/documents"))
                .header("Authorization", "Bearer " + k).header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--xyz--\r\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(error(noFile, 400).path("param").asString()).isEqualTo("file");
        assertThat(error(upload(k, "a.md", "text/markdown", "x".getBytes(StandardCharsets.UTF_8), "colour", "blue"), 400)
                .path("param").asString()).isEqualTo("colour");
        HttpResponse<String> truncated = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/documents"))
                .header("Authorization", "Bearer " + k).header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.md\"\r\n\r\nno end")).build(),
                HttpResponse.BodyHandlers.ofString());
        error(truncated, 400);
        ok(call("DELETE", "/api/documents/" + id, k, null), 204);
    }

    @Test
    void hostileNamesAndUnreadableFiles() throws Exception {
        JsonNode up = ok(upload(alice.key(), "../../../etc/passwd.md", "text/markdown", "Path traversal attempt document.".getBytes(StandardCharsets.UTF_8)), 202);
        String source = up.path("source").asString();
        assertThat(source).doesNotContain("/").doesNotContain("\\").doesNotContain("..");
        assertThat(source).isEqualTo("passwd.md");
        assertThat(awaitFinished(alice.key(), up.path("id").asString()).path("status").asString()).isEqualTo("ready");

        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        JsonNode bad = ok(upload(alice.key(), "blob.bin", "application/octet-stream", junk), 202);
        JsonNode failed = awaitFinished(alice.key(), bad.path("id").asString());
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).isNotBlank();
        // a failed document disturbs nothing else
        assertThat(awaitFinished(alice.key(), up.path("id").asString()).path("status").asString()).isEqualTo("ready");
        ok(call("DELETE", "/api/documents/" + bad.path("id").asString(), alice.key(), null), 204);
        ok(call("DELETE", "/api/documents/" + up.path("id").asString(), alice.key(), null), 204);
    }

    @Test
    void theChatRoutesByIntent() throws Exception {
        String id = uploadReady(bob.key(), "zorblax.md", DOC);
        HttpResponse<String> r = call("POST", "/api/v1/chat", bob.key(),
                "{\"session_id\":\"routed-1\",\"user_message\":\"" + DOCUMENTS_QUESTION + "\",\"model\":\"tiny\",\"max_tokens\":4}");
        JsonNode a = ok(r, 200);
        assertThat(a.path("success").asBoolean()).isTrue();
        assertThat(a.path("service_used").asString()).isEqualTo("documents");
        assertThat(a.path("intent").asString()).isEqualTo("document_search");
        assertThat(a.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(a.path("response_text").asString()).isNotBlank();
        assertThat(a.path("citations").size()).isPositive();
        assertThat(a.path("citations").get(0).path("document_id").asString()).isEqualTo(id);
        assertThat(a.path("citations").get(0).path("text").asString()).isNotBlank();
        assertThat(a.path("method").asString()).isEqualTo("extractive");
        assertThat(a.path("reason").asString()).isEqualTo("no_model");

        JsonNode hello = ok(call("POST", "/api/v1/chat", bob.key(),
                "{\"session_id\":\"routed-1\",\"user_message\":\"hello\",\"model\":\"tiny\",\"max_tokens\":4}"), 200);
        assertThat(hello.path("service_used").asString()).isEqualTo("general");
        assertThat(hello.path("intent").asString()).isEqualTo("general");
        assertThat(hello.path("model").asString()).isEqualTo("tiny");
        assertThat(hello.path("total_tokens_used").asInt()).isPositive();
        assertThat(hello.path("citations").size()).isZero();

        // opting out: the same documents question, answered by the chat model
        JsonNode general = ok(call("POST", "/api/v1/chat", bob.key(),
                "{\"user_message\":\"" + DOCUMENTS_QUESTION + "\",\"agent\":\"general\",\"model\":\"tiny\",\"max_tokens\":4}"), 200);
        assertThat(general.path("service_used").asString()).isEqualTo("general");
        assertThat(general.path("intent").isNull()).isTrue();

        // the stored conversation says who answered what
        JsonNode s = ok(call("GET", "/api/v1/chat/sessions/routed-1", bob.key(), null), 200);
        JsonNode ms = s.path("messages");
        assertThat(ms.size()).isEqualTo(4);
        assertThat(ms.get(1).path("agent").asString()).isEqualTo("documents");
        assertThat(ms.get(1).path("intent").asString()).isEqualTo("document_search");
        assertThat(ms.get(1).path("citations").get(0).path("chunk_id").asString()).isNotBlank();
        assertThat(ms.get(1).path("method").asString()).isEqualTo("extractive");
        assertThat(ms.get(1).path("reason").asString()).isEqualTo("no_model");
        assertThat(ms.get(3).path("agent").asString()).isEqualTo("general");
        assertThat(ms.get(3).has("method")).isFalse();
        assertThat(s.path("model").asString()).isEqualTo("tiny");

        // another user asking the same question does not get bob's private document
        JsonNode other = ok(call("POST", "/api/v1/chat", carol.key(), "{\"user_message\":\"" + DOCUMENTS_QUESTION + "\",\"agent\":\"documents\"}"), 200);
        for (JsonNode c : other.path("citations")) assertThat(c.path("document_id").asString()).isNotEqualTo(id);
        ok(call("DELETE", "/api/documents/" + id, bob.key(), null), 204);
    }

    @Test
    void agentRoutesAreLabelledInMetrics() throws Exception {
        call("GET", "/api/documents/does-not-exist", alice.key(), null);
        HttpResponse<String> m = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(m.body()).contains("route=\"/api/documents/{id}\"");
        assertThat(m.body()).doesNotContain("route=\"/api/documents/does-not-exist\"");
    }
}
