package io.llmsvc.testkit.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3-compatible server for tests: npm {@code s3rver} 3.7.1, installed by {@code .ci/s3rver.sh} into
 * {@code LLMSVC_S3RVER_HOME} (default {@code ~/.cache/llmsvc/s3rver}); {@link #installed()} tells whether it is there. Started on a free loopback port with its own
 * data folder, stopped by its PID. Without the installation the test is skipped locally and fails when
 * {@code CI=true}. Its credentials are s3rver's fixed {@code S3RVER}/{@code S3RVER}.
 */
public final class S3rverServer implements AutoCloseable {
    public static final String ACCESS_KEY = "S3RVER";
    public static final String SECRET_KEY = "S3RVER";
    public final String endpoint;
    private final Process process;

    private S3rverServer(String endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    public static Path home() {
        String env = System.getenv("LLMSVC_S3RVER_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "llmsvc", "s3rver");
    }

    /** Whether s3rver is installed where {@link #home()} says. */
    public static boolean installed() {
        return Files.isExecutable(home().resolve("node_modules/.bin/s3rver"));
    }

    public static S3rverServer start(Path dataDir) throws Exception {
        Path bin = home().resolve("node_modules/.bin/s3rver");
        if (!installed()) {
            String msg = "s3rver is not installed in " + home() + " (run .ci/s3rver.sh)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg + "; CI must provide it");
            Assumptions.abort(msg + "; skipped outside CI");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("s3rver", ".log");
        Process p = new ProcessBuilder(bin.toString(), "-d", dataDir.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "--silent")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("s3rver exited: " + Files.readString(log));
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new S3rverServer("http://127.0.0.1:" + port, p);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("s3rver did not start: " + Files.readString(log));
    }


    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
