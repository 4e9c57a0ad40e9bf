package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the service keeps to itself: the system info shows the kernel version and the workers' internal addresses
 * to admins only; the data directory, found world-readable, is made owner-only at start, and a private document's
 * original and a stored file are readable by the service's account alone.
 */
class PrivateDataIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    static Path data;
    static TestServer server;
    static Users.Account nina, ada;

    @BeforeAll
    static void start() throws Exception {
        // a data directory as an installer or `mkdir` leaves it: rwxr-xr-x
        data = Files.createTempDirectory("llmsvc-private").resolve("data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = TestServer.start("--llmsvc.data-dir=" + data);
        Users users = new Users(server);
        nina = users.create("nina", List.of("user"));
        ada = users.create("ada", List.of("admin", "user"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> get(String key, String path) throws Exception {
        return TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void systemInfoShowsKernelAndWorkerAddressesToAdminsOnly() throws Exception {
        String osName = System.getProperty("os.name");
        JsonNode user = JSON.readTree(get(nina.key(), "/api/v1/system/info").body());
        assertThat(user.path("os").asString()).isEqualTo(osName);
        assertThat(user.has("workers")).isFalse();
        assertThat(user.toString()).doesNotContain(System.getProperty("os.version")).doesNotContain("127.0.0.1").doesNotContain("address");
        // what the UI shows still comes
        assertThat(user.path("models").toString()).contains("tiny");
        assertThat(user.path("cpu").path("available_processors").asInt()).isPositive();
        assertThat(user.path("memory").path("heap_used_bytes").asLong()).isPositive();
        assertThat(user.path("jvm").path("version").asString()).isNotBlank();

        for (String key : List.of(ada.key(), TestServer.KEY)) {
            JsonNode admin = JSON.readTree(get(key, "/api/v1/system/info").body());
            assertThat(admin.path("os").asString()).isEqualTo(osName + " " + System.getProperty("os.version"));
            assertThat(admin.path("workers").size()).isEqualTo(1);
            assertThat(admin.path("workers").get(0).path("address").asString()).isNotBlank();
        }
    }

    @Test
    void theDataDirectoryAndStoredFilesAreOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");

        // a private document
        String boundary = "b" + System.nanoTime();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"salary.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n# Salaries\n\nNina earns a secret amount.\n\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> up = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/documents"))
                .header("Authorization", "Bearer " + nina.key()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(202);
        String id = JSON.readTree(up.body()).path("id").asString();
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String status = "";
        while (System.nanoTime() < end && !status.equals("ready")) {
            status = JSON.readTree(get(nina.key(), "/api/documents/" + id).body()).path("status").asString();
            assertThat(status).isNotEqualTo("failed");
            Thread.sleep(200);
        }
        assertThat(status).isEqualTo("ready");
        Path original = data.resolve("documents").resolve("files").resolve(id);
        assertThat(original).isRegularFile();
        assertThat(Files.getPosixFilePermissions(original)).doesNotContainAnyElementsOf(GROUP_OR_OTHERS);

        // a stored file, through its signed upload URL
        byte[] bytes = "quarterly numbers".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> c = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("Authorization", "Bearer " + nina.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", "q.txt", "content_type", "text/plain", "size", bytes.length))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        HttpResponse<String> put = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(JSON.readTree(c.body()).path("upload").path("url").asString()))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        List<Path> objects;
        try (Stream<Path> s = Files.walk(data.resolve("files").resolve("objects"))) {
            objects = s.filter(Files::isRegularFile).toList();
        }
        assertThat(objects).isNotEmpty();
        for (Path p : objects) assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).doesNotContainAnyElementsOf(GROUP_OR_OTHERS);
    }
}
