package io.llmsvc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The executable as an operator meets it: the target graph, one-line setting errors, a start with no model. */
class LauncherIT {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Proc.JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void listsTheTargetGraph() throws Exception {
        Run r = run(Map.of(), "--list-targets");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("controller", "worker", "gateway", "jobs", "all").contains("-> controller");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--llmsvc.worker.slots=abc           | llmsvc.worker.slots",
            "--llmsvc.worker.slots=0             | llmsvc.worker.slots",
            "--target=bogus                      | llmsvc.target",
            "--target=gateway                    | llmsvc.peers.controller",
            "--llmsvc.controller.policy=fastest  | llmsvc.controller.policy",
            "--llmsvc.max-body-size=12           | llmsvc.max-body-size",
            "--llmsvc.cluster-token=short        | llmsvc.cluster-token",
            "--llmsvc.jobs.poll-interval=1s      | llmsvc.jobs.poll-interval",
            "--llmsvc.files.store=ftp            | llmsvc.files.store"})
    void aWrongSettingStopsWithOneLineNamingIt(String arg, String setting) throws Exception {
        Run r = run(Map.of("LLMSVC_DATA_DIR", dir.resolve("data").toString()), arg.strip());
        assertThat(r.exit()).isEqualTo(2);
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("llmsvc: invalid setting " + setting.strip());
    }

    @Test
    void startsWithoutAnyModelAndSaysHowToAddOne() throws Exception {
        int port = Proc.freePort();
        String key = "sk-launcher-test-key-0123456789";
        try (Proc p = new Proc("empty", port, dir.resolve("empty.log"), List.of(),
                Map.of("LLMSVC_DATA_DIR", dir.resolve("data").toString(), "LLMSVC_MODELS_DIR", dir.resolve("no-models").toString(),
                        "LLMSVC_BOOTSTRAP_KEY", key)).start()) {
            p.awaitLive(Duration.ofSeconds(180));
            HttpResponse<String> models = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/v1/models"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(JsonMapper.builder().build().readTree(models.body()).path("data").size()).isZero();
            HttpResponse<String> chat = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"any\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).isEqualTo(503);
            JsonNode err = JsonMapper.builder().build().readTree(chat.body()).path("error");
            assertThat(err.path("message").asString()).contains("no model is loaded").contains(".gguf");
            HttpResponse<String> health = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.readString(p.log)).contains("no model to serve");
        }
    }

    @Test
    void generatesAndPrintsTheAdminKeyOnceWhenNoneIsConfigured() throws Exception {
        int port = Proc.freePort();
        Map<String, String> env = Map.of("LLMSVC_DATA_DIR", dir.resolve("data2").toString(),
                "LLMSVC_MODELS_DIR", dir.resolve("no-models").toString());
        String key;
        try (Proc p = new Proc("first", port, dir.resolve("first.log"), List.of(), env).start()) {
            p.awaitLive(Duration.ofSeconds(180));
            key = awaitKey(p); // printed once the start has succeeded
            HttpResponse<String> signup = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/api/v1/auth/signup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"stranger\",\"password\":\"a long enough password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signup.statusCode()).as("sign-up is closed on a fresh install: %s", signup.body()).isEqualTo(403);
            HttpResponse<String> ok = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/v1/models"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
        }
        assertThat(Files.readString(dir.resolve("data2/secrets/bootstrap-key.sha256"))).doesNotContain(key);
        try (Proc p = new Proc("second", Proc.freePort(), dir.resolve("second.log"), List.of(), env).start()) {
            p.awaitLive(Duration.ofSeconds(180));
            assertThat(Files.readString(p.log)).doesNotContain("sk-llmsvc-");
        }
    }

    static String awaitKey(Proc p) throws Exception {
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("(sk-llmsvc-[0-9a-f]{48})");
        for (int i = 0; i < 300; i++) {
            java.util.regex.Matcher m = key.matcher(Files.readString(p.log));
            if (m.find()) return m.group(1);
            Thread.sleep(100);
        }
        throw new AssertionError("no admin key printed:\n" + p.tail());
    }
}
