package io.llmsvc.server;

import io.llmsvc.testkit.gguf.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system ({@code all}) in this JVM on a random port, with tiny generated models in a temporary models
 * directory: {@code tiny} (chat, 2 slots) and {@code tiny-embed} (embeddings enabled).
 */
final class TestServer implements AutoCloseable {
    static final String KEY = "sk-test-bootstrap-key-0123456789";
    final Path dir;
    final ConfigurableApplicationContext context;
    final int port;

    private TestServer(Path dir, ConfigurableApplicationContext context) {
        this.dir = dir;
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static TestServer start(String... extraArgs) throws IOException {
        Path dir = Files.createTempDirectory("llmsvc-it");
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        TinyModels.write(models, "tiny-embed");
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--llmsvc.target=all",
                "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models,
                "--llmsvc.bootstrap-key=" + KEY,
                "--llmsvc.worker.slots=2",
                "--llmsvc.worker.context-size=256",
                "--llmsvc.worker.models.tiny-embed.embeddings=true"));
        // a repeated option would be joined ("all,gateway"), not overridden: a given target replaces the default
        if (java.util.Arrays.stream(extraArgs).anyMatch(a -> a.startsWith("--llmsvc.target="))) args.remove("--llmsvc.target=all");
        if (java.util.Arrays.stream(extraArgs).anyMatch(a -> a.startsWith("--llmsvc.data-dir="))) args.remove("--llmsvc.data-dir=" + dir.resolve("data"));
        // feature tests sign users up and keep using the bootstrap key as their admin; FirstAdminIT and LauncherIT
        // check the shipped defaults (sign-up closed, the bootstrap key retired by the first admin account); all
        // sign-ups come from 127.0.0.1, so the per-address limit is raised (SignupRulesIT checks it)
        for (String a : List.of("--llmsvc.users.signup-enabled=true", "--llmsvc.users.retire-bootstrap-key=false",
                "--llmsvc.users.signups-per-address=1000")) {
            String name = a.substring(0, a.indexOf('=') + 1);
            if (java.util.Arrays.stream(extraArgs).noneMatch(x -> x.startsWith(name))) args.add(a);
        }
        args.addAll(List.of(extraArgs));
        SpringApplication app = new SpringApplication(LlmsvcApplication.class);
        return new TestServer(dir, app.run(args.toArray(String[]::new)));
    }

    String url() { return "http://127.0.0.1:" + port; }

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    /** A JSON request with the bootstrap admin key; a null body sends none. */
    java.net.http.HttpResponse<String> send(String method, String path, String body) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json");
        b.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads a markdown document with {@code key} and waits until the document agent has it ready; its id. */
    String uploadReady(String key, String fileName, String markdown) throws Exception {
        String boundary = "test-server-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n" + markdown + "\r\n--" + boundary + "--\r\n";
        var made = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + "/api/documents"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, java.nio.charset.StandardCharsets.UTF_8)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() != 202) throw new AssertionError("upload: " + made.statusCode() + " " + made.body());
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        String id = json.readTree(made.body()).path("id").asString();
        for (int i = 0; i < 600; i++) {
            var doc = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + "/api/documents/" + id))
                    .header("Authorization", "Bearer " + key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String status = json.readTree(doc.body()).path("status").asString();
            if (status.equals("ready")) return id;
            if (status.equals("failed")) throw new AssertionError("document failed: " + doc.body());
            Thread.sleep(100);
        }
        throw new AssertionError("document " + id + " not ready within 60 s");
    }

    @Override
    public void close() {
        context.close();
    }
}
