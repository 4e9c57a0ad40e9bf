package io.llmsvc.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.files.SignedUrl;
import io.llmsvc.testkit.s3.S3rverServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3-compatible server (s3rver): bytes exact, streaming, presigned GET and PUT. */
class S3ObjectStoreTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dir;
    static S3rverServer server;
    static S3ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        server = S3rverServer.start(dir);
        store = (S3ObjectStore) S3Stores.open(new FilesProperties.S3(server.endpoint, "us-east-1", "llmsvc-test", S3rverServer.ACCESS_KEY, S3rverServer.SECRET_KEY, true, null));
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) store.close();
        if (server != null) server.close();
    }

    @Test
    void bytesComeBackExactlyKoreanAndBinaryAlike() throws Exception {
        byte[] text = "안녕하세요, 파일 저장소 — hello".getBytes(StandardCharsets.UTF_8);
        store.putObject("files/k1", new java.io.ByteArrayInputStream(text), text.length, "text/plain; charset=utf-8");
        try (InputStream in = store.getObject("files/k1")) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
        byte[] bin = new byte[70_000];
        new Random(7).nextBytes(bin);
        store.putObject("files/k2", new java.io.ByteArrayInputStream(bin), bin.length, "application/octet-stream");
        try (InputStream in = store.getObject("files/k2")) {
            assertThat(in.readAllBytes()).isEqualTo(bin);
        }
        assertThat(store.statObject("files/k2")).get().extracting(ObjectStore.ObjectStat::size).isEqualTo(70_000L);
        assertThat(store.deleteObject("files/k2")).isTrue();
        assertThat(store.statObject("files/k2")).isEmpty();
        assertThatThrownBy(() -> store.getObject("files/none")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void fiftyMegabytesStreamInAndOut() throws Exception {
        long size = 50L << 20;
        MessageDigest in = MessageDigest.getInstance("SHA-256");
        store.putObject("files/big", new java.security.DigestInputStream(pattern(size), in), size, "application/octet-stream");
        MessageDigest out = MessageDigest.getInstance("SHA-256");
        try (InputStream s = store.getObject("files/big")) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = s.read(buf)) > 0; ) out.update(buf, 0, n);
        }
        assertThat(HexFormat.of().formatHex(out.digest())).isEqualTo(HexFormat.of().formatHex(in.digest()));
    }

    @Test
    void presignedUrlsDownloadAndUploadWithoutOtherCredentials() throws Exception {
        byte[] body = "보고서 본문".getBytes(StandardCharsets.UTF_8);
        SignedUrl put = store.presignPut("files/p1", Duration.ofMinutes(5), "text/plain", body.length);
        assertThat(put.headers()).containsEntry("Content-Type", "text/plain");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(put.url())).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(store.statObject("files/p1")).get().extracting(ObjectStore.ObjectStat::size).isEqualTo((long) body.length);
        SignedUrl get = store.presignGet("files/p1", Duration.ofMinutes(5), "보고서.txt", "text/plain");
        HttpResponse<byte[]> g = HTTP.send(HttpRequest.newBuilder(URI.create(get.url())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(g.statusCode()).isEqualTo(200);
        assertThat(g.body()).isEqualTo(body);
        assertThat(g.headers().firstValue("Content-Disposition").orElse("")).contains("filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.txt");
        // the PUT signs its size and type, so S3 refuses another body (s3rver checks a presigned URL's expiry but
        // not its signature, so tampering is not asserted here; FileStore.completeUpload re-checks size and type)
        assertThat(put.url()).contains("X-Amz-Signature=").containsPattern("X-Amz-SignedHeaders=[^&]*content-length")
                .containsPattern("X-Amz-SignedHeaders=[^&]*content-type");
    }

    @Test
    void anExpiredPresignedUrlIsRefused() throws Exception {
        store.putObject("files/e1", new java.io.ByteArrayInputStream(new byte[] {1}), 1, "application/octet-stream");
        SignedUrl get = store.presignGet("files/e1", Duration.ofSeconds(1), "e.bin", "application/octet-stream");
        Thread.sleep(2_500);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(get.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> S3Stores.open(new FilesProperties.S3("ftp://x", "us-east-1", "b", null, null, true, null)))
                .hasMessageContaining("llmsvc.files.s3.endpoint");
        assertThatThrownBy(() -> S3Stores.open(new FilesProperties.S3(server.endpoint, "us-east-1", "b", "key-only", null, true, null)))
                .hasMessageContaining("llmsvc.files.s3.secret-key");
        assertThat(new FilesProperties.S3(null, "r", "b", "a", "very-secret", false, null).toString()).doesNotContain("very-secret");
    }

    static InputStream pattern(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left % 253) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) b[off + i] = (byte) ((left - 1 - i) % 253);
                left -= n;
                return n;
            }
        };
    }
}
