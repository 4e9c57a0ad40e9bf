package io.llmsvc.bench;

import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.worker.slot.LocalWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system (target {@code all}) in the bench JVM on a random loopback port, serving the models of a
 * directory; its data directory is a temporary folder deleted by {@link #close()}. Beans (the worker, the
 * controller) are reachable through {@link #context}, so that a benchmark can call them directly.
 */
final class InProcessSystem implements AutoCloseable {
    static final String KEY = "sk-bench-bootstrap-key-0123456789";

    final ConfigurableApplicationContext context;
    final int port;
    private final Path dataDir;

    private InProcessSystem(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts the system; {@code extraArgs} are Spring arguments such as {@code --llmsvc.worker.slots=4}. */
    static InProcessSystem start(Path modelsDir, String... extraArgs) {
        Path data;
        try {
            data = Files.createTempDirectory("llmsvc-bench-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--llmsvc.target=all",
                "--llmsvc.data-dir=" + data,
                "--llmsvc.models-dir=" + modelsDir,
                "--llmsvc.bootstrap-key=" + KEY,
                "--logging.level.io.llmsvc=WARN"));
        args.addAll(List.of(extraArgs));
        SpringApplication app = new SpringApplication(LlmsvcApplication.class);
        return new InProcessSystem(app.run(args.toArray(String[]::new)), data);
    }

    String url() { return "http://127.0.0.1:" + port; }

    LocalWorker worker() { return context.getBean(LocalWorker.class); }

    @Override
    public void close() {
        context.close();
        deleteTree(dataDir);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
