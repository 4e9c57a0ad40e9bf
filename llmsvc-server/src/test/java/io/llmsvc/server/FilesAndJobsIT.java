package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored files and jobs over real HTTP on the whole system: presigned uploads and downloads on the local store,
 * ownership, signature checks, purpose limits, and a {@code files.archive} job from submit to its result file.
 */
class FilesAndJobsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TestServer server;
    static Users.Account alice, bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--llmsvc.files.url-ttl=3s", "--llmsvc.files.pending-ttl=1h",
                "--llmsvc.files.purposes.resume.max-size=1MB", "--llmsvc.files.purposes.resume.content-types=application/pdf");
        Users users = new Users(server);
        alice = users.create("alice", List.of("user"));
        bob = users.create("bob", List.of("user"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> call(String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode create(String key, String name, String type, long size) throws Exception {
        HttpResponse<String> r = call(key, "POST", "/api/files", JSON.writeValueAsString(Map.of("name", name, "content_type", type, "size", size)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> put(String url, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) b.header("Content-Type", type);
        return TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> get(String url) throws Exception {
        return TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Uploads a file as {@code key}'s owner and returns its id. */
    static String upload(String key, String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode c = create(key, name, "text/plain", bytes.length);
        HttpResponse<String> r = put(c.path("upload").path("url").asString(), "text/plain", bytes);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("file").path("status").asString()).isEqualTo("ready");
        return c.path("file").path("id").asString();
    }

    static String downloadUrl(String key, String id) throws Exception {
        HttpResponse<String> r = call(key, "GET", "/api/files/" + id + "/url", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("url").asString();
    }

    @Test
    void anUploadThroughItsSignedUrlDownloadsAsItsOwnerNamedIt() throws Exception {
        String id = upload(alice.key(), "분기 보고서.txt", "매출이 늘었습니다 — revenue grew");
        HttpResponse<byte[]> d = get(downloadUrl(alice.key(), id));
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("매출이 늘었습니다 — revenue grew");
        assertThat(d.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename*=UTF-8''%EB%B6%84%EA%B8%B0%20%EB%B3%B4%EA%B3%A0%EC%84%9C.txt");
        assertThat(d.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        JsonNode list = JSON.readTree(call(alice.key(), "GET", "/api/files", null).body());
        assertThat(list.path("data").toString()).contains(id).contains("분기 보고서.txt");
    }

    @Test
    void othersNeitherSeeNorGetUrlsForAFile() throws Exception {
        String id = upload(alice.key(), "private.txt", "alice only");
        assertThat(call(bob.key(), "GET", "/api/files/" + id + "/url", null).statusCode()).isEqualTo(404);
        assertThat(call(bob.key(), "GET", "/api/files/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call(bob.key(), "DELETE", "/api/files/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call(bob.key(), "GET", "/api/files", null).body()).doesNotContain(id);
        assertThat(call(bob.key(), "GET", "/api/files?all=true", null).statusCode()).isEqualTo(403);
        // an admin sees it
        assertThat(call(TestServer.KEY, "GET", "/api/files/" + id + "/url", null).statusCode()).isEqualTo(200);
    }

    @Test
    void tamperedForeignAndExpiredUrlsAreRefused() throws Exception {
        String a = upload(alice.key(), "a.txt", "A");
        String b = upload(alice.key(), "b.txt", "B");
        String urlA = downloadUrl(alice.key(), a);
        assertThat(get(urlA.replace("sig=", "sig=x")).statusCode()).isEqualTo(403);
        assertThat(get(urlA.replace(a, b)).statusCode()).isEqualTo(403);            // a URL for another file
        String later = urlA.replaceAll("expires=\\d+", "expires=" + (System.currentTimeMillis() / 1000 + 86_400));
        assertThat(get(later).statusCode()).isEqualTo(403);                         // its expiry moved
        assertThat(get(urlA.substring(0, urlA.indexOf('?'))).statusCode()).isEqualTo(403); // unsigned
        HttpResponse<byte[]> traversal = get(server.url() + "/files/o/files/..%2F..%2Fdb%2Fllmsvc.mv.db" + urlA.substring(urlA.indexOf('?')));
        assertThat(traversal.statusCode()).isIn(400, 403, 404);
        Thread.sleep(4_500);
        HttpResponse<byte[]> expired = get(urlA);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("expired");
    }

    @Test
    void anUploadMustMatchWhatItWasCreatedFor() throws Exception {
        JsonNode c = create(alice.key(), "n.txt", "text/plain", 5);
        String url = c.path("upload").path("url").asString();
        String id = c.path("file").path("id").asString();
        assertThat(put(url, "text/html", "12345".getBytes()).statusCode()).isEqualTo(415);
        assertThat(put(url, "text/plain", "123456789".getBytes()).statusCode()).isEqualTo(413);
        assertThat(put(url, "text/plain", "123".getBytes()).statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(call(alice.key(), "GET", "/api/files/" + id, null).body()).path("status").asString()).isEqualTo("pending");
        assertThat(call(alice.key(), "GET", "/api/files/" + id + "/url", null).statusCode()).isEqualTo(409);
        // a PUT URL with another size in it fails its signature
        assertThat(put(url.replace("size=5", "size=9"), "text/plain", "123456789".getBytes()).statusCode()).isEqualTo(403);
        assertThat(put(url, "text/plain", "12345".getBytes()).statusCode()).isEqualTo(200);
        assertThat(put(url, "text/plain", "12345".getBytes()).statusCode()).isEqualTo(409);
    }

    @Test
    void purposesSetLimits() throws Exception {
        String big = JSON.writeValueAsString(Map.of("name", "big.bin", "content_type", "application/octet-stream", "size", 2L << 30));
        assertThat(call(alice.key(), "POST", "/api/files", big).statusCode()).isEqualTo(413);
        String resume = JSON.writeValueAsString(Map.of("name", "cv.txt", "content_type", "text/plain", "size", 10, "purpose", "resume"));
        assertThat(call(alice.key(), "POST", "/api/files", resume).statusCode()).isEqualTo(415);
        String pdf = JSON.writeValueAsString(Map.of("name", "cv.pdf", "content_type", "application/pdf", "size", 2_000_000, "purpose", "resume"));
        assertThat(call(alice.key(), "POST", "/api/files", pdf).statusCode()).isEqualTo(413);
        String unknown = JSON.writeValueAsString(Map.of("name", "x", "content_type", "text/plain", "size", 1, "purpose", "nope"));
        HttpResponse<String> u = call(alice.key(), "POST", "/api/files", unknown);
        assertThat(u.statusCode()).isEqualTo(400);
        assertThat(u.body()).contains("unknown purpose");
        assertThat(call(alice.key(), "POST", "/api/files", "{\"name\":\"x\",\"size\":\"ten\"}").statusCode()).isEqualTo(400);
        assertThat(call(alice.key(), "POST", "/api/files", "{\"name\":\"x\",\"size\":-1}").statusCode()).isEqualTo(400);
        assertThat(call(alice.key(), "POST", "/api/files", "{\"name\":\"../../etc/passwd\",\"size\":1,\"content_type\":\"text/plain\"}").body())
                .contains("\"name\":\"passwd\"");
    }

    @Test
    void anArchiveJobRunsToItsResultFileAndStreamsItsProgress() throws Exception {
        String a = upload(alice.key(), "하나.txt", "first");
        String b = upload(alice.key(), "two.txt", "second");
        HttpResponse<String> sub = call(alice.key(), "POST", "/api/files/archive",
                JSON.writeValueAsString(Map.of("file_ids", List.of(a, b), "name", "묶음")));
        assertThat(sub.statusCode()).as(sub.body()).isEqualTo(202);
        String job = JSON.readTree(sub.body()).path("id").asString();
        assertThat(call(bob.key(), "GET", "/api/jobs/" + job, null).statusCode()).isEqualTo(404);
        assertThat(call(bob.key(), "GET", "/api/jobs/" + job + "/events", null).statusCode()).isEqualTo(404);
        HttpResponse<String> events = call(alice.key(), "GET", "/api/jobs/" + job + "/events", null);
        assertThat(events.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(events.body()).contains("event: job").contains("\"state\":\"queued\"").contains("\"state\":\"succeeded\"")
                .contains("event: end");
        JsonNode done = JSON.readTree(call(alice.key(), "GET", "/api/jobs/" + job, null).body());
        assertThat(done.path("state").asString()).isEqualTo("succeeded");
        String resultId = done.path("result").path("file_id").asString();
        HttpResponse<byte[]> zip = get(downloadUrl(alice.key(), resultId));
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(entries).containsEntry("하나.txt", "first").containsEntry("two.txt", "second");
        JsonNode file = JSON.readTree(call(alice.key(), "GET", "/api/files/" + resultId, null).body());
        assertThat(file.path("name").asString()).isEqualTo("묶음.zip");
        assertThat(file.path("purpose").asString()).isEqualTo("job-result");
        assertThat(file.path("job_id").asString()).isEqualTo(job);
        // the job is alice's, listed for her and not for bob
        assertThat(call(alice.key(), "GET", "/api/jobs", null).body()).contains(job);
        assertThat(call(bob.key(), "GET", "/api/jobs", null).body()).doesNotContain(job);
    }

    @Test
    void archivingAnotherUsersFileIsRefusedAtSubmission() throws Exception {
        String a = upload(alice.key(), "mine.txt", "mine");
        HttpResponse<String> r = call(bob.key(), "POST", "/api/files/archive", JSON.writeValueAsString(Map.of("file_ids", List.of(a))));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(call(bob.key(), "POST", "/api/files/archive", "{\"file_ids\":[]}").statusCode()).isEqualTo(400);
        assertThat(call(bob.key(), "POST", "/api/files/archive", "{\"files\":[]}").statusCode()).isEqualTo(400);
    }

    @Test
    void deletingAFileRemovesItAndItsUrls() throws Exception {
        String id = upload(alice.key(), "gone.txt", "bye");
        String url = downloadUrl(alice.key(), id);
        assertThat(call(alice.key(), "DELETE", "/api/files/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call(alice.key(), "GET", "/api/files/" + id, null).statusCode()).isEqualTo(404);
        assertThat(get(url).statusCode()).isEqualTo(404);
    }

    @Test
    void theJobsApiChecksItsInput() throws Exception {
        assertThat(call(bob.key(), "GET", "/api/jobs?all=true", null).statusCode()).isEqualTo(403);
        assertThat(call(bob.key(), "GET", "/api/jobs?state=done", null).statusCode()).isEqualTo(400);
        assertThat(call(bob.key(), "GET", "/api/jobs?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(call(bob.key(), "GET", "/api/jobs/recurring", null).statusCode()).isEqualTo(403);
        assertThat(call(bob.key(), "POST", "/api/jobs/nope/cancel", null).statusCode()).isEqualTo(404);
        HttpResponse<String> rec = call(TestServer.KEY, "GET", "/api/jobs/recurring", null);
        assertThat(rec.statusCode()).isEqualTo(200);
        assertThat(rec.body()).contains("\"type\":\"jobs.prune\"").contains("\"type\":\"files.cleanup\"");
        assertThat(TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/jobs")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }
}
