package io.llmsvc.it;

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
import java.util.List;
import java.util.Map;

/**
 * One llmsvc process started from the executable jar, as an operator would start it, with its output in a log
 * file under the test's directory. Killing it with {@link #kill()} is a crash (SIGKILL), not a shutdown.
 */
final class Proc implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("llmsvc.jar", "../llmsvc-server/target/llmsvc-exec.jar"));
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private Process process;

    Proc(String name, int port, Path log, List<String> args, Map<String, String> env) {
        this(name, port, log, args, env, "256m");
    }

    /** @param heap the JVM's -Xmx (the document agent parses files and holds an index: it gets more) */
    Proc(String name, int port, Path log, List<String> args, Map<String, String> env, String heap) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.env = env;
        this.command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx" + heap,
                "-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port));
        this.command.addAll(args);
    }

    /**
     * A process of the server's main class on this module's test class path (the server's classes plus test-only
     * components, e.g. a job type), written by the build to {@code target/it-classpath.txt}.
     */
    static Proc fromTestClasspath(String name, int port, Path log, List<String> args, Map<String, String> env) throws IOException {
        Path deps = Path.of("target", "it-classpath.txt");
        if (!Files.exists(deps)) throw new IllegalStateException(deps.toAbsolutePath() + " is missing: run the build (mvn verify -pl llmsvc-it)");
        String cp = String.join(java.io.File.pathSeparator, Path.of("target", "test-classes").toAbsolutePath().toString(),
                Path.of("target", "classes").toAbsolutePath().toString(), Files.readString(deps).strip());
        Proc p = new Proc(name, port, log, args, env);
        int jar = p.command.indexOf("-jar");
        p.command.set(jar, "-cp");
        p.command.set(jar + 1, cp);
        p.command.add(jar + 2, "io.llmsvc.server.LlmsvcMain");
        return p;
    }

    /** A graceful stop (SIGTERM), waiting for the process to exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) kill();
    }

    Proc start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        return this;
    }

    String url() { return "http://127.0.0.1:" + port; }

    long pid() { return process.pid(); }

    boolean isAlive() { return process != null && process.isAlive(); }

    /** Waits until {@code /health/live} answers. */
    Proc awaitLive(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited:\n" + tail());
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return this;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not come up in " + timeout + ":\n" + tail());
    }

    /** Crash: SIGKILL to the process and its children (a worker's model runners). */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process == null) return;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            kill();
        }
    }
}
