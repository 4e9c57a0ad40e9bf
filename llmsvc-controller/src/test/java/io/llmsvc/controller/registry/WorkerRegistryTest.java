package io.llmsvc.controller.registry;

import static io.llmsvc.controller.registry.RegistryFixtures.card;
import static io.llmsvc.controller.registry.RegistryFixtures.hb;
import static io.llmsvc.controller.registry.RegistryFixtures.lease;
import static io.llmsvc.controller.registry.RegistryFixtures.reg;
import static io.llmsvc.controller.registry.RegistryFixtures.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Registration, heartbeats, expiry, listing and the lease errors; cooldown and policies have their own tests. */
class WorkerRegistryTest {
    private final MutableClock clock = new MutableClock();
    private final WorkerRegistry registry = registry("shortest-queue", clock);

    private static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (LlmsvcException e) {
            return e.code();
        }
        throw new AssertionError("expected an LlmsvcException");
    }

    @Test
    void leasesTheRegisteredWorkerForItsModel() {
        registry.register(reg("w1", 2, "tiny", "small"));
        WorkerLease l = registry.lease(lease("small"));
        assertThat(l).isEqualTo(new WorkerLease("w1", "http://w1:8081", "small"));
    }

    @Test
    void unknownModelIsModelNotFoundAndNamesTheAvailableOnes() {
        assertThatThrownBy(() -> registry.lease(lease("tiny")))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
                    assertThat(e.getMessage()).contains("no worker is registered");
                });
        registry.register(reg("w1", 1, "tiny", "small"));
        assertThatThrownBy(() -> registry.lease(lease("huge")))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
                    assertThat(e.param()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("'huge'").contains("available: small, tiny");
                });
    }

    @Test
    void modelNotFoundListsAtMostTwentyModels() {
        String[] models = IntStream.range(0, 25).mapToObj(i -> "m%02d".formatted(i)).toArray(String[]::new);
        registry.register(reg("w1", 1, models));
        assertThatThrownBy(() -> registry.lease(lease("nope")))
                .hasMessageContaining("m19")
                .hasMessageNotContaining("m20")
                .hasMessageContaining("and 5 more");
    }

    @Test
    void excludedWorkersAreSkippedAndExcludingAllIsNoWorker() {
        registry.register(reg("a", 1, "m"));
        registry.register(reg("b", 1, "m"));
        for (int i = 0; i < 6; i++) assertThat(registry.lease(lease("m", "a")).workerId()).isEqualTo("b");
        assertThat(codeOf(() -> registry.lease(lease("m", "a", "b")))).isEqualTo(ErrorCode.NO_WORKER);
        assertThat(registry.lease(new io.llmsvc.api.controller.LeaseRequest("m", null)).workerId()).isIn("a", "b");
    }

    @Test
    void heartbeatFromAnUnknownWorkerAsksItToRegister() {
        assertThat(registry.heartbeat(hb("ghost", 0, 0, 0)).known()).isFalse();
        registry.register(reg("w1", 1, "m"));
        assertThat(registry.heartbeat(hb("w1", 0, 0, 0)).known()).isTrue();
        registry.unregister("w1");
        assertThat(registry.heartbeat(hb("w1", 0, 0, 0)).known()).isFalse();
    }

    @Test
    void heartbeatsKeepAWorkerAliveAndSilenceExpiresIt() {
        registry.register(reg("w1", 1, "m"));
        clock.advance(Duration.ofSeconds(9));
        assertThat(registry.heartbeat(hb("w1", 3, 1, 12.5)).known()).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(registry.lease(lease("m")).workerId()).isEqualTo("w1");
        WorkerState s = registry.workers().getFirst();
        assertThat(s.state()).isEqualTo("ready");
        assertThat(s.queueLength()).isEqualTo(3);
        assertThat(s.activeRequests()).isEqualTo(1);
        assertThat(s.tokensPerSecond()).isEqualTo(12.5);

        clock.advance(Duration.ofSeconds(1)); // 10 s since the last heartbeat
        assertThat(codeOf(() -> registry.lease(lease("m")))).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(registry.models()).isEmpty();
        assertThat(registry.workers()).extracting(WorkerState::state).containsExactly("expired");
        assertThat(registry.heartbeat(hb("w1", 0, 0, 0)).known()).as("an expired worker must register again").isFalse();

        registry.register(reg("w1", 1, "m"));
        assertThat(registry.workers()).extracting(WorkerState::state).containsExactly("ready");
        assertThat(registry.lease(lease("m")).workerId()).isEqualTo("w1");
    }

    @Test
    void expiredWorkersStayListedForFiveExpiriesThenAreDropped() {
        registry.register(reg("old", 1, "m"));
        clock.advance(Duration.ofSeconds(30));
        registry.register(reg("new", 1, "m"));
        clock.advance(Duration.ofSeconds(19));
        registry.sweep();
        assertThat(registry.workers()).extracting(WorkerState::workerId, WorkerState::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("new", "expired"), org.assertj.core.groups.Tuple.tuple("old", "expired"));
        clock.advance(Duration.ofSeconds(1)); // old: 50 s silent
        registry.sweep();
        assertThat(registry.workers()).extracting(WorkerState::workerId).containsExactly("new");
        clock.advance(Duration.ofSeconds(30));
        registry.sweep();
        assertThat(registry.workers()).isEmpty();
        assertThat(registry.heartbeat(hb("new", 0, 0, 0)).known()).isFalse();
    }

    @Test
    void reRegistrationReplacesTheEntry() {
        registry.register(reg("w1", 1, "a"));
        registry.reportFailure("w1", "boom");
        registry.register(new WorkerRegistration("w1", "http://w1:9000", List.of(card("b")), 4));
        assertThat(codeOf(() -> registry.lease(lease("a")))).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(registry.lease(lease("b"))).isEqualTo(new WorkerLease("w1", "http://w1:9000", "b"));
        WorkerState s = registry.workers().getFirst();
        assertThat(registry.workers()).hasSize(1);
        assertThat(s.slots()).isEqualTo(4);
        assertThat(s.state()).isEqualTo("ready");
        assertThat(s.consecutiveFailures()).isZero();
    }

    @Test
    void aNewIdAtAKnownAddressReplacesTheOldWorker() {
        registry.register(new WorkerRegistration("host-1", "http://host:8081", List.of(card("m")), 1));
        registry.register(new WorkerRegistration("other", "http://other:8081", List.of(card("m")), 1));
        registry.register(new WorkerRegistration("host-2", "http://host:8081", List.of(card("m")), 1));
        assertThat(registry.workers()).extracting(WorkerState::workerId).containsExactly("host-2", "other");
        assertThat(registry.heartbeat(hb("host-1", 0, 0, 0)).known()).isFalse();
        for (int i = 0; i < 10; i++) assertThat(registry.lease(lease("m")).workerId()).isNotEqualTo("host-1");
    }

    @Test
    void unregisterRemovesTheWorkerAndIgnoresUnknownIds() {
        registry.register(reg("a", 1, "m"));
        registry.register(reg("b", 1, "m"));
        registry.unregister("a");
        registry.unregister("a");
        registry.unregister("never");
        for (int i = 0; i < 5; i++) assertThat(registry.lease(lease("m")).workerId()).isEqualTo("b");
        registry.unregister("b");
        assertThat(codeOf(() -> registry.lease(lease("m")))).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(registry.workers()).isEmpty();
    }

    @Test
    void modelsAreListedOncePerIdWithWhatEveryWorkerOffers() {
        registry.register(new WorkerRegistration("a", "http://a:1", List.of(
                new ModelCard("m", "llamacpp", 4096, Set.of("chat", "completion", "embeddings")),
                new ModelCard("x", "upstream", 0, Set.of("chat"))), 1));
        registry.register(new WorkerRegistration("b", "http://b:1", List.of(
                new ModelCard("m", "llamacpp", 2048, Set.of("chat", "completion"))), 1));
        registry.register(new WorkerRegistration("c", "http://c:1", List.of(
                new ModelCard("m", "llamacpp", 0, Set.of("chat", "completion", "tools"))), 1));
        List<ModelCard> models = registry.models();
        assertThat(models).extracting(ModelCard::id).containsExactly("m", "x");
        ModelCard m = models.getFirst();
        assertThat(m.contextLength()).isEqualTo(2048);
        assertThat(m.capabilities()).containsExactlyInAnyOrder("chat", "completion");
        assertThat(m.engine()).isEqualTo("llamacpp");
        assertThat(models.get(1)).isEqualTo(new ModelCard("x", "upstream", 0, Set.of("chat")));

        // only live workers count: once a's entry expires, "x" is gone
        clock.advance(Duration.ofSeconds(6));
        registry.heartbeat(hb("b", 0, 0, 0));
        registry.heartbeat(hb("c", 0, 0, 0));
        clock.advance(Duration.ofSeconds(4));
        assertThat(registry.models()).extracting(ModelCard::id).containsExactly("m");
    }

    @Test
    void aModelListedTwiceByOneWorkerCountsOnce() {
        registry.register(new WorkerRegistration("a", "http://a:1", List.of(card("m"), card("m")), 1));
        registry.register(reg("b", 1, "m"));
        List<String> picks = new ArrayList<>();
        WorkerRegistry rr = registry("round-robin", clock);
        rr.register(new WorkerRegistration("a", "http://a:1", List.of(card("m"), card("m")), 1));
        rr.register(reg("b", 1, "m"));
        for (int i = 0; i < 4; i++) picks.add(rr.lease(lease("m")).workerId());
        assertThat(picks).containsExactly("a", "b", "a", "b");
        assertThat(registry.models()).hasSize(1);
    }
}
