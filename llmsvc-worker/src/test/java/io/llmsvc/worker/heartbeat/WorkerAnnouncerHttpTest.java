package io.llmsvc.worker.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmsvc.api.Secret;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.peers.ControllerHttpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The announcer against the real controller over HTTP, started after the worker and restarted under it. */
class WorkerAnnouncerHttpTest {
    private static final String TOKEN = "announcer-test-cluster-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext controllerProcess;
    private WorkerAnnouncer announcer;

    @AfterEach
    void stop() {
        if (announcer != null) announcer.close();
        if (controllerProcess != null) controllerProcess.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ConfigurableApplicationContext startController(int port) {
        return new SpringApplicationBuilder(ControllerOnlyApp.class)
                .properties("server.port=" + port, "server.address=127.0.0.1", "llmsvc.target=controller",
                        "llmsvc.cluster-token=" + TOKEN, "llmsvc.data-dir=" + dataDir)
                .run();
    }

    private static ControllerApi local(ConfigurableApplicationContext ctx) {
        return ctx.getBean(ControllerApi.class);
    }

    private static Optional<WorkerState> worker(ConfigurableApplicationContext ctx, String id) {
        return local(ctx).listWorkers().stream().filter(w -> w.workerId().equals(id)).findFirst();
    }

    private WorkerAnnouncer announcer(int port, AtomicInteger registrations) {
        var client = new ControllerHttpClient(new InternalHttp("http://127.0.0.1:" + port,
                new ClusterCredential(Secret.of(TOKEN)), Duration.ofSeconds(5)));
        return new WorkerAnnouncer(client, () -> {
            registrations.incrementAndGet();
            return WorkerAnnouncerTest.REG;
        }, () -> new WorkerHeartbeat("w-1", 3, 1, 11.0), Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(300));
    }

    @Test
    void registersOnceTheControllerIsUpAndReportsItsLoad() throws IOException {
        int port = freePort();
        AtomicInteger registrations = new AtomicInteger();
        announcer = announcer(port, registrations);
        announcer.start(); // returns at once although nothing listens yet
        await().atMost(WAIT).until(() -> registrations.get() >= 2);
        assertThat(announcer.isRegistered()).isFalse();

        controllerProcess = startController(port);
        await().atMost(WAIT).until(() -> worker(controllerProcess, "w-1").map(WorkerState::queueLength).orElse(0) == 3);
        WorkerState w = worker(controllerProcess, "w-1").orElseThrow();
        assertThat(w.state()).isEqualTo("ready");
        assertThat(w.address()).isEqualTo("http://127.0.0.1:9");
        assertThat(w.tokensPerSecond()).isEqualTo(11.0);
        assertThat(local(controllerProcess).listModels()).extracting(m -> m.id()).containsExactly("tiny");

        announcer.close();
        assertThat(local(controllerProcess).listWorkers()).as("unregistered on close").isEmpty();
    }

    @Test
    void registersAgainAfterTheControllerForgetsItOrRestarts() throws IOException {
        int port = freePort();
        controllerProcess = startController(port);
        AtomicInteger registrations = new AtomicInteger();
        announcer = announcer(port, registrations);
        announcer.start();
        await().atMost(WAIT).until(() -> worker(controllerProcess, "w-1").isPresent());
        assertThat(registrations.get()).isEqualTo(1);

        local(controllerProcess).unregisterWorker("w-1"); // as an expiry or an operator would
        assertThat(worker(controllerProcess, "w-1")).isEmpty();
        await().atMost(WAIT).until(() -> worker(controllerProcess, "w-1").isPresent());
        assertThat(registrations.get()).isGreaterThanOrEqualTo(2);

        controllerProcess.close(); // a controller restart loses its registry
        controllerProcess = startController(port);
        await().atMost(WAIT).until(() -> worker(controllerProcess, "w-1").isPresent());
        List<WorkerState> workers = local(controllerProcess).listWorkers();
        assertThat(workers).extracting(WorkerState::workerId, WorkerState::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("w-1", "ready"));
    }
}
