package io.llmsvc.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
import io.llmsvc.runtime.internal.PeerUnreachableException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ResilientControllerTest {

    /** A controller that is down (connection refused), hangs (timeout), answers "no worker", or works. */
    static final class FakeController implements ControllerApi {
        volatile String mode = "up";
        final AtomicInteger calls = new AtomicInteger();

        private void answer() {
            calls.incrementAndGet();
            switch (mode) {
                case "refused" -> throw new PeerUnreachableException(ErrorCode.UNAVAILABLE, "cannot reach http://c", new ConnectException());
                case "timeout" -> throw new PeerUnreachableException(ErrorCode.TIMEOUT, "no answer", new HttpTimeoutException("t"));
                case "no-worker" -> throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker");
                default -> { }
            }
        }

        @Override public void registerWorker(WorkerRegistration registration) { answer(); }
        @Override public HeartbeatAck receiveHeartbeat(WorkerHeartbeat heartbeat) { answer(); return null; }
        @Override public void unregisterWorker(String workerId) { answer(); }
        @Override public WorkerLease leaseWorker(LeaseRequest request) { answer(); return null; }
        @Override public void reportWorkerFailure(String workerId, String reason) { answer(); }
        @Override public List<ModelCard> listModels() { answer(); return List.of(); }
        @Override public List<WorkerState> listWorkers() { answer(); return List.of(); }
    }

    @Test
    @Timeout(60)
    void aDownControllerOpensTheCircuitAndCallsFailFastUntilItIsBack() throws Exception {
        FakeController fake = new FakeController();
        ResilientController c = new ResilientController(fake, Duration.ofMillis(200));
        assertThat(c.listModels()).isEmpty();

        fake.mode = "refused";
        int before = fake.calls.get();
        assertThatThrownBy(c::listModels).isInstanceOf(PeerUnreachableException.class);
        assertThat(fake.calls.get() - before).as("a read is retried").isEqualTo(3);
        // the 4th failure opens the circuit: the retry after it is refused without calling
        assertThatThrownBy(c::listWorkers).isInstanceOf(LlmsvcException.class)
                .satisfies(e -> assertThat(((LlmsvcException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("paused");
        assertThat(c.state()).isEqualTo(CircuitBreaker.State.OPEN);
        int whileOpen = fake.calls.get();
        assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("tiny", Set.of()))).hasMessageContaining("paused");
        assertThat(fake.calls.get()).isEqualTo(whileOpen);

        // back up: after the open period the probes go through and the circuit closes, no restart needed
        fake.mode = "up";
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.state() != CircuitBreaker.State.CLOSED && System.nanoTime() < end) {
            try {
                c.listModels();
            } catch (LlmsvcException stillOpen) {
                Thread.sleep(20);
            }
        }
        assertThat(c.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(c.listModels()).isEmpty();
    }

    @Test
    void aLeaseIsRetriedOnlyWhenTheRequestCannotHaveArrived() {
        FakeController fake = new FakeController();
        ResilientController c = new ResilientController(fake);
        fake.mode = "timeout";
        assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("tiny", Set.of()))).isInstanceOf(PeerUnreachableException.class);
        assertThat(fake.calls.get()).as("a lease that may have reached the controller is not repeated").isEqualTo(1);
        fake.mode = "refused";
        assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("tiny", Set.of()))).isInstanceOf(PeerUnreachableException.class);
        assertThat(fake.calls.get()).isEqualTo(4);
    }

    @Test
    void answersOfAWorkingControllerNeverOpenTheCircuit() {
        FakeController fake = new FakeController();
        ResilientController c = new ResilientController(fake);
        fake.mode = "no-worker";
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("tiny", Set.of())))
                    .satisfies(e -> assertThat(((LlmsvcException) e).code()).isEqualTo(ErrorCode.NO_WORKER));
        }
        assertThat(c.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fake.calls.get()).isEqualTo(20);
    }

    @Test
    void aWorkersOwnCallsPassStraightThrough() {
        FakeController fake = new FakeController();
        ResilientController c = new ResilientController(fake);
        fake.mode = "refused";
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> c.receiveHeartbeat(null)).isInstanceOf(PeerUnreachableException.class);
        }
        assertThat(fake.calls.get()).isEqualTo(10);
        assertThat(c.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
