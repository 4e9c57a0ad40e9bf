package io.llmsvc.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.files.FileInfo;
import io.llmsvc.testkit.db.TestDatabase;
import io.llmsvc.testkit.s3.S3rverServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Stored files on the S3 store: a browser-style upload straight to the store, completion checks, job results. */
class FileStoreOnS3Test {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Caller ALICE = new Caller("alice", Set.of("user"));
    static final Caller BOB = new Caller("bob", Set.of("user"));
    @TempDir
    static Path dir;
    static S3rverServer server;
    static S3ObjectStore objects;
    static TestDatabase.Instance db;
    static FileStore files;

    @BeforeAll
    static void start() throws Exception {
        server = S3rverServer.start(dir);
        objects = (S3ObjectStore) S3Stores.open(new FilesProperties.S3(server.endpoint, "us-east-1", "llmsvc-files", S3rverServer.ACCESS_KEY, S3rverServer.SECRET_KEY, true, null));
        db = TestDatabase.H2.create();
        var ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        FilesProperties props = new FilesProperties("s3", Duration.ofMinutes(5), Duration.ofHours(1), null, Map.of(), new FilesProperties.S3(server.endpoint, "us-east-1", "llmsvc-files", S3rverServer.ACCESS_KEY, S3rverServer.SECRET_KEY, true, null));
        files = new FileStore(new JdbcTemplate(ds), objects, props, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (objects != null) objects.close();
        if (server != null) server.close();
        if (db != null) db.close();
    }

    static int put(String url, String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void anUploadGoesStraightToTheStoreAndIsCheckedOnCompletion() throws Exception {
        byte[] body = "이력서 내용".getBytes(StandardCharsets.UTF_8);
        FileStore.Upload up = files.createUpload(ALICE, "이력서.txt", "text/plain", body.length, "upload");
        assertThat(up.needsCompletion()).isTrue();
        assertThat(up.upload().url()).startsWith(server.endpoint);
        assertThatThrownBy(() -> files.completeUpload(ALICE, up.file().id())).isInstanceOf(LlmsvcException.class)
                .hasMessageContaining("nothing was uploaded");
        assertThat(put(up.upload().url(), "text/plain", body)).isEqualTo(200);
        assertThatThrownBy(() -> files.completeUpload(BOB, up.file().id())).isInstanceOf(LlmsvcException.class).hasMessageContaining("no file");
        FileInfo ready = files.completeUpload(ALICE, up.file().id());
        assertThat(ready.status()).isEqualTo("ready");
        String url = files.downloadUrl(ALICE, ready.id()).url();
        HttpResponse<byte[]> g = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(g.body()).isEqualTo(body);
        files.deleteFile(ALICE, ready.id());
        assertThat(objects.statObject("files/" + ready.id())).isEmpty();
    }

    @Test
    void anUploadOfAnotherSizeIsNotAccepted() throws Exception {
        FileStore.Upload up = files.createUpload(ALICE, "n.bin", "application/octet-stream", 4, "upload");
        // whatever the server lets through, completion compares what is stored with what was declared
        objects.putObject("files/" + up.file().id(), new ByteArrayInputStream(new byte[9]), 9, "application/octet-stream");
        assertThatThrownBy(() -> files.completeUpload(ALICE, up.file().id())).isInstanceOf(LlmsvcException.class)
                .hasMessageContaining("9 bytes, not the 4");
        assertThat(objects.statObject("files/" + up.file().id())).isEmpty();
        assertThat(files.getFile(ALICE, up.file().id()).status()).isEqualTo("pending");
    }

    @Test
    void aJobResultStoredTwiceUnderOneIdIsOneFile() throws Exception {
        byte[] a = "first run".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second run".getBytes(StandardCharsets.UTF_8);
        String id = java.util.UUID.randomUUID().toString();
        files.storeFile("alice", id, "result.txt", "text/plain", "job-result", "job-1", new ByteArrayInputStream(a), a.length);
        files.storeFile("alice", id, "result.txt", "text/plain", "job-result", "job-1", new ByteArrayInputStream(b), b.length);
        assertThat(files.listFiles(ALICE, false, 100)).filteredOn(f -> f.id().equals(id)).hasSize(1);
        try (InputStream in = files.openFile(ALICE, id)) {
            assertThat(in.readAllBytes()).isEqualTo(b);
        }
    }
}
