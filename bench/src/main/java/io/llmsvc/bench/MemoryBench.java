package io.llmsvc.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle memory of the shipped executable: {@code llmsvc-exec.jar} with the JVM flags of {@code bin/llmsvc}, target
 * {@code all}, no models, a fresh data directory. Reads the process's resident set from {@code /proc/<pid>/status}
 * once it has settled, and again after a first {@code /v1/models} and {@code /health}.
 */
final class MemoryBench {
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC");
    private static final String KEY = "sk-bench-memory-key-0123456789";
    private static final int SETTLE_SECONDS = 5;

    static void run() throws Exception {
        Path jar = Path.of(System.getProperty("llmsvc.root", "."), "llmsvc-server", "target", "llmsvc-exec.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing; bench/run builds it");
        Path tmp = Files.createTempDirectory("llmsvc-bench-mem");
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path log = tmp.resolve("server.log");
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-jar", jar.toString(), "--llmsvc.target=all", "--server.address=127.0.0.1", "--server.port=" + port,
                "--llmsvc.data-dir=" + tmp.resolve("data"), "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMSVC_")); // the settings above only
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            waitLive(http, base, p, log);
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(SETTLE_SECONDS * 1000L);
            Map<String, Long> idle = status(p.pid());
            get(http, base + "/v1/models", true);
            get(http, base + "/health", false);
            Thread.sleep(2000);
            Map<String, Long> used = status(p.pid());
            System.out.printf("llmsvc-exec.jar, target all, no models, JVM flags %s; live after %.1f s, read %d s later%n",
                    String.join(" ", JVM_FLAGS), startSeconds, SETTLE_SECONDS);
            new Table("state", "VmRSS MB", "RssAnon MB", "RssFile MB", "threads")
                    .row("idle", mb(idle.get("VmRSS")), mb(idle.get("RssAnon")), mb(idle.get("RssFile")), idle.get("Threads"))
                    .row("after /v1/models + /health", mb(used.get("VmRSS")), mb(used.get("RssAnon")), mb(used.get("RssFile")), used.get("Threads"))
                    .print();
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            InProcessSystem.deleteTree(tmp);
        }
    }

    private static String mb(Long kb) {
        return kb == null ? "?" : Stats.f1(kb / 1024.0);
    }

    /** kB values (and Threads) of /proc/pid/status. */
    static Map<String, Long> status(long pid) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String[] v = line.substring(colon + 1).strip().split("\\s+");
            try {
                out.put(line.substring(0, colon), Long.parseLong(v[0]));
            } catch (NumberFormatException ignored) {
                // not a number (State, Name, ...)
            }
        }
        return out;
    }

    private static void waitLive(HttpClient http, String base, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("the server exited with " + p.exitValue() + ":\n" + Files.readString(log));
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not answer /health/live within 90 s:\n" + Files.readString(log));
    }

    private static void get(HttpClient http, String url, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (auth) b.header("Authorization", "Bearer " + KEY);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 500 && !url.endsWith("/health")) throw new IllegalStateException(url + " answered " + r.statusCode());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
