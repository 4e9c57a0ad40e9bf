package io.llmsvc.server.ui;

import io.llmsvc.testkit.gguf.TinyModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A second worker as its own process, started from the executable jar the build just made, registering with the
 * test's controller. {@link #kill()} is a crash (SIGKILL): the worker cannot unregister, so it has to expire.
 */
final class WorkerProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "llmsvc-exec.jar");
    private final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    static WorkerProcess start(Path dir, String controllerUrl, String token, String id) throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "needs " + JAR + " (mvn verify packages it before the browser tests)");
        Path models = Files.createDirectories(dir.resolve("models-" + id));
        TinyModels.write(models, "tiny");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port, "--llmsvc.target=worker",
                "--llmsvc.peers.controller=" + controllerUrl, "--llmsvc.cluster-token=" + token, "--llmsvc.worker.id=" + id,
                "--llmsvc.worker.heartbeat-interval=500ms", "--llmsvc.worker.context-size=256", "--llmsvc.worker.slots=1",
                "--llmsvc.models-dir=" + models, "--llmsvc.data-dir=" + dir.resolve("data-" + id));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".log").toFile())).start();
        return new WorkerProcess(p);
    }

    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
