package io.llmsvc.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.controller.dispatch.DispatchPolicies;
import io.llmsvc.controller.registry.WorkerRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LocalControllerTest {
    private final LocalController controller = new LocalController(
            new WorkerRegistry(ControllerProperties.defaults(), DispatchPolicies.of("shortest-queue"), InstantSource.system()));
    private static final List<ModelCard> MODELS = List.of(new ModelCard("m", "llamacpp", 0, Set.of("chat")));

    private static void assertInvalid(Executable call, String param, String messagePart) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(LlmsvcException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void rejectsBadRegistrationsNamingTheField() {
        assertInvalid(() -> controller.registerWorker(null), null, "missing");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration(" ", "http://h:1", MODELS, 1)), "worker_id", "blank");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("a b", "http://h:1", MODELS, 1)), "worker_id", "letters");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("a/b", "http://h:1", MODELS, 1)), "worker_id", "letters");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("x".repeat(201), "http://h:1", MODELS, 1)), "worker_id", "200");
        for (String bad : new String[] {null, "", "h:1", "ftp://h:1", "http://", "http:///x", "not a url", "http://h:1/?q=1", "http://u:p@h:1"}) {
            assertInvalid(() -> controller.registerWorker(new WorkerRegistration("w", bad, MODELS, 1)), "address", "http://");
        }
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("w", "http://h:1", List.of(), 1)), "models", "at least one");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("w", "http://h:1", null, 1)), "models", "at least one");
        List<ModelCard> withNull = new ArrayList<>(MODELS);
        withNull.add(null);
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("w", "http://h:1", withNull, 1)), "models[1]", "model card");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("w", "http://h:1",
                List.of(new ModelCard("", "llamacpp", 0, Set.of())), 1)), "models[0].id", "blank");
        assertInvalid(() -> controller.registerWorker(new WorkerRegistration("w", "http://h:1", MODELS, 0)), "slots", "at least 1");
        assertThat(controller.listWorkers()).isEmpty();
    }

    @Test
    void storesTheAddressWithoutTrailingSlash() {
        controller.registerWorker(new WorkerRegistration("host.example:8081", "https://host.example:8081/", MODELS, 1));
        assertThat(controller.leaseWorker(new LeaseRequest("m", Set.of())).address()).isEqualTo("https://host.example:8081");
    }

    @Test
    void rejectsBadHeartbeatsLeasesAndIds() {
        assertInvalid(() -> controller.receiveHeartbeat(null), null, "missing");
        assertInvalid(() -> controller.receiveHeartbeat(new WorkerHeartbeat(null, 0, 0, 0)), "worker_id", "blank");
        assertInvalid(() -> controller.receiveHeartbeat(new WorkerHeartbeat("w", -1, 0, 0)), "queue_length", "0 or more");
        assertInvalid(() -> controller.receiveHeartbeat(new WorkerHeartbeat("w", 0, -1, 0)), "active_requests", "0 or more");
        assertInvalid(() -> controller.receiveHeartbeat(new WorkerHeartbeat("w", 0, 0, Double.NaN)), "tokens_per_second", "finite");
        assertInvalid(() -> controller.receiveHeartbeat(new WorkerHeartbeat("w", 0, 0, Double.POSITIVE_INFINITY)), "tokens_per_second", "finite");
        assertInvalid(() -> controller.leaseWorker(null), null, "missing");
        assertInvalid(() -> controller.leaseWorker(new LeaseRequest(" ", null)), "model", "name a model");
        assertInvalid(() -> controller.unregisterWorker(""), "worker_id", "blank");
        assertInvalid(() -> controller.reportWorkerFailure("a\nb", "x"), "worker_id", "control");
    }

    @Test
    void failureReasonsAreShortenedAndFlattened() {
        assertThat(LocalController.cleanReason(null)).isEqualTo("no reason given");
        assertThat(LocalController.cleanReason("refused\r\nFAKE LOG LINE")).isEqualTo("refused  FAKE LOG LINE");
        assertThat(LocalController.cleanReason("x".repeat(5000))).hasSize(LocalController.MAX_REASON_LENGTH);
    }
}
