package io.llmsvc.worker.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.HeartbeatAck;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The announcer's loop against a scripted controller; {@link WorkerAnnouncerHttpTest} runs it against the real one. */
class WorkerAnnouncerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final WorkerRegistration REG = new WorkerRegistration("w-1", "http://127.0.0.1:9",
            List.of(new ModelCard("tiny", "llamacpp", 512, Set.of(ModelCard.CHAT))), 2);

    /** Records calls; answers heartbeats with {@code known} and fails while {@code down}. */
    static final class ScriptedController implements ControllerApi {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicBoolean known = new AtomicBoolean(true);

        private void maybeFail() {
            if (down.get()) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "cannot reach http://controller");
        }

        @Override public void registerWorker(WorkerRegistration r) { calls.add("register " + r.workerId()); maybeFail(); }
        @Override public HeartbeatAck receiveHeartbeat(WorkerHeartbeat hb) {
            calls.add("heartbeat " + hb.workerId());
            maybeFail();
            return new HeartbeatAck(known.get());
        }
        @Override public void unregisterWorker(String id) { calls.add("unregister " + id); maybeFail(); }
        @Override public WorkerLease leaseWorker(LeaseRequest request) { throw new UnsupportedOperationException(); }
        @Override public void reportWorkerFailure(String workerId, String reason) { throw new UnsupportedOperationException(); }
        @Override public List<ModelCard> listModels() { throw new UnsupportedOperationException(); }
        @Override public List<WorkerState> listWorkers() { throw new UnsupportedOperationException(); }

        long count(String call) { return calls.stream().filter(call::equals).count(); }
    }

    private static WorkerAnnouncer announcer(ControllerApi c, java.util.function.Supplier<WorkerRegistration> reg) {
        return new WorkerAnnouncer(c, reg, () -> new WorkerHeartbeat("w-1", 0, 1, 9.5),
                Duration.ofMillis(20), Duration.ofMillis(5), Duration.ofMillis(40));
    }

    @Test
    void retriesRegistrationUntilTheControllerAnswersThenHeartbeats() {
        ScriptedController c = new ScriptedController();
        c.down.set(true);
        try (WorkerAnnouncer a = announcer(c, () -> REG)) {
            a.start();
            await().atMost(WAIT).until(() -> c.count("register w-1") >= 3);
            assertThat(a.isRegistered()).isFalse();
            assertThat(c.count("heartbeat w-1")).isZero();
            c.down.set(false);
            await().atMost(WAIT).until(() -> c.count("heartbeat w-1") >= 3);
            assertThat(a.isRegistered()).isTrue();
        }
        assertThat(c.calls.getLast()).isEqualTo("unregister w-1");
    }

    @Test
    void registersAgainWhenTheControllerForgetsTheWorker() {
        ScriptedController c = new ScriptedController();
        try (WorkerAnnouncer a = announcer(c, () -> REG)) {
            a.start();
            await().atMost(WAIT).until(() -> c.count("heartbeat w-1") >= 1);
            assertThat(c.count("register w-1")).isEqualTo(1);
            c.known.set(false);
            await().atMost(WAIT).until(() -> c.count("register w-1") >= 3);
            c.known.set(true);
            long registrations = c.count("register w-1");
            await().atMost(WAIT).until(() -> c.count("heartbeat w-1") >= registrations + 5);
            // once known again, heartbeats do not cause further registrations (at most one was in flight)
            assertThat(c.count("register w-1")).isBetween(registrations, registrations + 1);
        }
    }

    @Test
    void aFailingSupplierIsRetriedAndDoesNotEndTheLoop() {
        ScriptedController c = new ScriptedController();
        AtomicInteger attempts = new AtomicInteger();
        try (WorkerAnnouncer a = announcer(c, () -> {
            if (attempts.incrementAndGet() < 3) throw new IllegalStateException("models not loaded yet");
            return REG;
        })) {
            a.start();
            await().atMost(WAIT).until(a::isRegistered);
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(c.count("register w-1")).isEqualTo(1);
        }
    }

    @Test
    void closingBeforeItEverRegisteredDoesNotUnregister() {
        ScriptedController c = new ScriptedController();
        c.down.set(true);
        WorkerAnnouncer a = announcer(c, () -> REG);
        a.start();
        await().atMost(WAIT).until(() -> c.count("register w-1") >= 1);
        a.close();
        a.close(); // twice is harmless
        assertThat(c.calls).doesNotContain("unregister w-1");
        assertThat(a.isRegistered()).isFalse();
    }

    @Test
    void closingAnAnnouncerThatNeverStartedDoesNothing() {
        ScriptedController c = new ScriptedController();
        announcer(c, () -> REG).close();
        assertThat(c.calls).isEmpty();
    }
}
