package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deployment without the agents (gateway, controller, worker): the agents' routes say so (503 naming the setting),
 * the chat answers with the chat model; and the upload limits, which the gateway enforces before any agent is
 * asked: a 1 GB upload is refused at once when declared and after at most the limit when chunked (the body is
 * generated while sent, never held), a wrong content type is 415, JSON keeps the general body limit.
 */
class UploadLimitsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final long GB = 1L << 30;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--llmsvc.target=gateway,controller,worker");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void agentsThatAreNotDeployedSaySo() throws Exception {
        HttpResponse<String> docs = server.send("GET", "/api/documents", null);
        assertThat(docs.statusCode()).isEqualTo(503);
        JsonNode err = JSON.readTree(docs.body()).path("error");
        assertThat(err.path("code").asString()).isEqualTo("service_unavailable");
        assertThat(err.path("message").asString()).isEqualTo("the documents agent is not part of this deployment (set LLMSVC_DOCUMENTS_URL)");
        HttpResponse<String> router = server.send("POST", "/api/router/analyze", "{\"message\":\"hello\"}");
        assertThat(router.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(router.body()).path("error").path("message").asString()).contains("LLMSVC_ROUTER_URL");
        JsonNode health = JSON.readTree(TestServer.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("checks").path("agents").path("details").path("documents").asString()).isEqualTo("not deployed");
        // bad input is still bad input
        assertThat(server.send("POST", "/api/router/analyze", "{\"text\":\"hello\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void theChatAnswersWithTheChatModelWithoutARouter() throws Exception {
        HttpResponse<String> r = server.send("POST", "/api/v1/chat", "{\"user_message\":\"hello\",\"model\":\"tiny\",\"max_tokens\":4}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("service_used").asString()).isEqualTo("general");
        assertThat(a.path("intent").isNull()).isTrue();
        assertThat(a.path("confidence").isNull()).isTrue();
        assertThat(a.path("citations").isArray()).isTrue();
        assertThat(a.path("citations").size()).isZero();

        HttpResponse<String> forced = server.send("POST", "/api/v1/chat", "{\"user_message\":\"what do my documents say?\",\"agent\":\"documents\"}");
        assertThat(forced.statusCode()).isEqualTo(503);
        JsonNode f = JSON.readTree(forced.body());
        assertThat(f.path("success").asBoolean(true)).isFalse();
        assertThat(f.path("error_message").asString()).contains("LLMSVC_DOCUMENTS_URL");

        HttpResponse<String> bad = server.send("POST", "/api/v1/chat", "{\"user_message\":\"hi\",\"agent\":\"oracle\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error_message").asString()).contains("agent");
    }

    @Test
    void aDeclaredGigabyteUploadIsRefusedBeforeItIsRead() throws Exception {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String boundary = "b0undary";
            out.write(("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.KEY + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + GB + "\r\n\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.pdf\"\r\n"
                    + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Raw res = Raw.read(s.getInputStream());
            assertThat(res.status()).isEqualTo(413);
            JsonNode err = JSON.readTree(res.body()).path("error");
            assertThat(err.path("code").asString()).isEqualTo("payload_too_large");
            assertThat(err.path("message").asString()).isEqualTo("upload larger than 50 MB (llmsvc.documents.max-upload-size)");
        }
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
        assertThat(server.send("GET", "/v1/models", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aChunkedGigabyteUploadIsCutOffNearTheLimit() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            String boundary = "b0undary";
            out.write(("POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.KEY + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Raw> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return Raw.read(s.getInputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // a gigabyte of generated bytes in 64 KB chunks, until the server answers or hangs up
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            chunk(out, head, head.length);
            byte[] data = new byte[64 * 1024];
            java.util.Arrays.fill(data, (byte) 'x');
            try {
                while (sent.get() < GB && !response.isDone()) {
                    chunk(out, data, data.length);
                    sent.addAndGet(data.length);
                }
            } catch (IOException closed) {
                // the server hung up after answering: expected
            }
            Raw res = response.get(60, TimeUnit.SECONDS);
            assertThat(res.status()).isEqualTo(413);
            assertThat(JSON.readTree(res.body()).path("error").path("code").asString()).isEqualTo("payload_too_large");
        }
        // cut off near the 50 MB limit (plus what the container reads and discards before it hangs up), far from 1 GB
        System.out.printf("chunked 1 GB upload: refused after %.1f MB sent%n", sent.get() / 1048576.0);
        assertThat(sent.get()).isLessThan(200L * 1024 * 1024);
        assertThat(server.send("GET", "/v1/models", null).statusCode()).isEqualTo(200);
    }

    private static void chunk(OutputStream out, byte[] b, int n) throws IOException {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void wrongContentTypesAndOversizedJson() throws Exception {
        var plain = TestServer.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/documents"))
                .header("Authorization", "Bearer " + TestServer.KEY).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("just text")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(415);
        JsonNode err = JSON.readTree(plain.body()).path("error");
        assertThat(err.path("code").asString()).isEqualTo("unsupported_media_type");
        assertThat(err.path("message").asString()).contains("multipart/form-data", "application/json");

        // JSON on the upload path keeps the general body limit (4 MB), not the upload limit
        HttpResponse<String> big = server.send("POST", "/api/documents", "{\"url\":\"https://example.org/" + "a".repeat(5 * 1024 * 1024) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(big.body()).path("error").path("message").asString()).contains("llmsvc.max-body-size");

        var anonymous = TestServer.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/documents")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** A raw HTTP/1.1 response: status and body (Content-Length or chunked). */
    record Raw(int status, String body) {
        static Raw read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).strip());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int n = Integer.parseInt(line(in).strip(), 16); n > 0; n = Integer.parseInt(line(in).strip(), 16)) {
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            }
            return new Raw(status, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') if (c != '\r') sb.append((char) c);
            if (c < 0 && sb.isEmpty()) throw new IOException("connection closed");
            return sb.toString();
        }
    }
}
