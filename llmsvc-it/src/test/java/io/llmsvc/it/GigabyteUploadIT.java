package io.llmsvc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 1 GB file through a presigned PUT of the local store into a gateway whose heap is 160 MB: the body streams to
 * disk, arrives whole (same SHA-256 downloaded back), and a body longer than the size the URL was signed for is
 * cut off without storing anything.
 */
class GigabyteUploadIT {
    static final String KEY = "sk-gigabyte-upload-admin-0123456789";
    static final long GB = 1L << 30;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Proc gateway;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        gateway = new Proc("gateway", Proc.freePort(), dir.resolve("gateway.log"),
                List.of("--target", "gateway,controller,jobs"),
                Map.of("LLMSVC_BOOTSTRAP_KEY", KEY, "LLMSVC_DATA_DIR", data.toString(),
                        "LLMSVC_MODELS_DIR", Files.createDirectories(dir.resolve("models")).toString()), "160m").start();
        gateway.awaitLive(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    /** {@code size} bytes of a repeating pattern, made as they are read. */
    static InputStream pattern(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                if (left <= 0) return -1;
                return (int) (--left % 251);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) b[off + i] = (byte) ((left - 1 - i) % 251);
                left -= n;
                return n;
            }
        };
    }

    static JsonNode create(long size) throws Exception {
        HttpResponse<String> r = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/files"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"big.bin\",\"content_type\":\"application/octet-stream\",\"size\":" + size + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> put(String url, InputStream body, long declared) throws Exception {
        HttpRequest.BodyPublisher pub = declared >= 0
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), declared)
                : HttpRequest.BodyPublishers.ofInputStream(() -> body);
        return Proc.HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/octet-stream")
                .PUT(pub).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGigabyteStreamsThroughASmallHeapAndComesBackWhole() throws Exception {
        JsonNode c = create(GB);
        HttpResponse<String> r = put(c.path("upload").path("url").asString(), pattern(GB), GB);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode file = JSON.readTree(r.body()).path("file");
        assertThat(file.path("size_bytes").asLong()).isEqualTo(GB);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = pattern(GB)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        assertThat(file.path("sha256").asString()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void aChunkedBodyLongerThanItsUrlAllowsIsCutOff() throws Exception {
        JsonNode c = create(10L << 20);
        HttpResponse<String> r;
        try {
            r = put(c.path("upload").path("url").asString(), pattern(GB), -1);
        } catch (java.io.IOException reset) {
            // the server answered 413 and closed the connection while the client was still sending: also a refusal
            r = null;
        }
        if (r != null) assertThat(r.statusCode()).isEqualTo(413);
        String id = c.path("file").path("id").asString();
        HttpResponse<String> f = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/api/files/" + id))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(f.body()).path("status").asString()).isEqualTo("pending");
        try (var s = Files.walk(dir.resolve("data").resolve("files"))) {
            long stored = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".type"))
                    .mapToLong(p -> p.toFile().length()).sum();
            assertThat(stored).isLessThan(2 * GB); // only the 1 GB file of the other test, nothing of this one
        }
    }
}
