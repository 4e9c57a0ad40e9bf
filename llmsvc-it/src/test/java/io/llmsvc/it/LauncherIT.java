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

    @Test
    void keysAreCreatedListedAndRevokedThroughTheRunningServer() throws Exception {
        int port = Proc.freePort();
        String admin = "sk-launcher-keys-admin-0123456789";
        try (Proc p = new Proc("keys", port, dir.resolve("keys.log"), List.of(),
                Map.of("LLMSVC_DATA_DIR", dir.resolve("data3").toString(), "LLMSVC_MODELS_DIR", dir.resolve("no-models").toString(),
                        "LLMSVC_BOOTSTRAP_KEY", admin)).start()) {
            p.awaitLive(Duration.ofSeconds(180));
            Map<String, String> env = Map.of("LLMSVC_URL", p.url(), "LLMSVC_API_KEY", admin);
            Run made = run(env, "keys", "create", "--name", "cli made", "--rpm", "100", "--budget-tokens", "5000",
                    "--budget-period", "day", "--allowed-models", "tiny,other", "--expires-in-days", "30");
            assertThat(made.exit()).as(made.err()).isZero();
            var m = java.util.regex.Pattern.compile("created key cli made \\(id ([0-9a-f-]{36}), user bootstrap, rpm 100, budget 5000/day,"
                    + " models other,tiny\\) on " + java.util.regex.Pattern.quote(p.url()) + "\\n  (sk-llmsvc-\\S+)\\n").matcher(made.out());
            assertThat(m.find()).as(made.out()).isTrue();
            String id = m.group(1);
            String key = m.group(2);
            assertThat(models(p, key)).isEqualTo(200);

            Run list = run(env, "keys", "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out().lines().filter(l -> l.startsWith(id)).toList()).singleElement().asString()
                    .contains("cli made", key.substring(0, 16), "active", "rpm 100", "budget 5000/day").doesNotContain(key);
            Run others = run(env, "keys", "list", "--user", "nobody");
            assertThat(others.exit()).as(others.err()).isZero();
            assertThat(others.out()).contains("no API keys for user nobody");

            Run revoked = run(env, "keys", "revoke", id);
            assertThat(revoked.exit()).as(revoked.err()).isZero();
            assertThat(revoked.out()).contains("revoked key cli made (id " + id).contains("status revoked");
            assertThat(models(p, key)).isEqualTo(401);
            assertThat(run(env, "keys", "list").out().lines().filter(l -> l.startsWith(id)).toList()).singleElement().asString().contains("revoked");

            // the server's own message, on one line
            Run missing = run(env, "keys", "revoke", "no-such-key");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(errLines(missing)).containsExactly("llmsvc keys: API key 'no-such-key' not found (HTTP 404)");
            Run wrongKey = run(Map.of("LLMSVC_URL", p.url()), "keys", "list", "--key", "sk-wrong-key-0123456789abcdef");
            assertThat(wrongKey.exit()).isEqualTo(1);
            assertThat(errLines(wrongKey)).singleElement().asString().startsWith("llmsvc keys: ").endsWith("(HTTP 401)");
        }
    }

    @Test
    void keysWithNoServerUpSayToStartItAndBadFlagsAreOneLine() throws Exception {
        Map<String, String> env = Map.of("LLMSVC_URL", "http://127.0.0.1:" + Proc.freePort(), "LLMSVC_API_KEY", "sk-some-key-0123456789");
        Run down = run(env, "keys", "list");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(errLines(down)).singleElement().asString()
                .startsWith("llmsvc keys: no server answers at " + env.get("LLMSVC_URL") + ": start it with bin/llmsvc");
        assertThat(down.out()).isEmpty();
        for (String[] bad : List.of(new String[] {"create", "--rpm", "100"}, new String[] {"create", "--name", "x", "--rpm", "many"},
                new String[] {"create", "--name", "x", "--budget-period", "week"}, new String[] {"list", "--bogus"},
                new String[] {"revoke"})) {
            List<String> args = new ArrayList<>(List.of("keys"));
            args.addAll(List.of(bad));
            Run r = run(env, args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(errLines(r)).as(String.join(" ", args)).singleElement().asString().startsWith("llmsvc keys: ");
        }
        Run usage = run(Map.of(), "help");
        assertThat(usage.out()).contains("llmsvc keys list [--user USER_ID]", "llmsvc keys revoke <key-id>",
                "--name NAME", "--rpm N", "--tpm N", "--max-concurrent N", "--budget-tokens N", "--budget-period day|month",
                "--allowed-models", "--expires-in-days N");
    }

    static List<String> errLines(Run r) {
        return r.err().lines().filter(l -> !l.startsWith("WARNING")).toList();
    }

    static int models(Proc p, String key) throws Exception {
        return Proc.HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/v1/models")).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
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
