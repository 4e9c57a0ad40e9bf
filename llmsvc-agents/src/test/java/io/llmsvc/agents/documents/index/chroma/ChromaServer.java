package io.llmsvc.agents.documents.index.chroma;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ChromaDB server for tests: the npm package {@code chromadb} (3.5.0, Linux bindings 1.0.5) that
 * {@code .ci/chroma.sh} installs into {@code LLMSVC_CHROMA_HOME} (default {@code ~/.cache/llmsvc/chroma}; the system
 * property {@code llmsvc.test.chroma.home} overrides both). Started on a free loopback port with its own data folder,
 * ready when {@code /api/v2/heartbeat} answers, stopped by its PID. Without the installation the test is skipped
 * locally and fails when {@code CI=true}.
 */
final class ChromaServer implements AutoCloseable {
    final String url;
    private final Process process;
    private final Path log;

    private ChromaServer(String url, Process process, Path log) {
        this.url = url;
        this.process = process;
        this.log = log;
    }

    static Path home() {
        String prop = System.getProperty("llmsvc.test.chroma.home");
        String env = System.getenv("LLMSVC_CHROMA_HOME");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "llmsvc", "chroma");
    }

    static ChromaServer start(Path dataDir) throws Exception {
        Path bin = home().resolve("node_modules/.bin/chroma");
        if (!Files.isExecutable(bin)) {
            String msg = "ChromaDB is not installed in " + home() + " (run .ci/chroma.sh)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg + "; CI must provide it");
            Assumptions.abort(msg + "; skipped outside CI");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("chroma", ".log");
        Process p = new ProcessBuilder(bin.toString(), "run", "--path", dataDir.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChromaServer server = new ChromaServer("http://127.0.0.1:" + port, p, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                throw new IllegalStateException("ChromaDB exited with " + p.exitValue() + ": " + out.substring(Math.max(0, out.length() - 2000)));
            }
            try {
                var res = http.send(HttpRequest.newBuilder(URI.create(server.url + "/api/v2/heartbeat")).build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) return server;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("ChromaDB did not answer its heartbeat within 90 s; log: " + log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
