package io.llmsvc.controller.registry;

import static io.llmsvc.controller.registry.RegistryFixtures.hb;
import static io.llmsvc.controller.registry.RegistryFixtures.lease;
import static io.llmsvc.controller.registry.RegistryFixtures.reg;
import static io.llmsvc.controller.registry.RegistryFixtures.registry;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.controller.ControllerProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failure reports, cooldown, escalation and recovery (defaults: 5 s doubling to 60 s, after 1 failure). */
class CooldownTest {
    private final MutableClock clock = new MutableClock();
    private final WorkerRegistry registry = registry("round-robin", clock);

    private boolean leasable(String model) {
        try {
            registry.lease(lease(model));
            return true;
        } catch (LlmsvcException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_WORKER);
            return false;
        }
    }

    private WorkerState state(String id) {
        return registry.workers().stream().filter(w -> w.workerId().equals(id)).findFirst().orElseThrow();
    }

    /** Advances time while the worker keeps heartbeating, so that only its cooldown decides whether it is leased. */
    private void advanceAlive(String id, Duration d) {
        Duration step = Duration.ofSeconds(2);
        for (Duration left = d; !left.isZero(); ) {
            Duration s = left.compareTo(step) < 0 ? left : step;
            clock.advance(s);
            left = left.minus(s);
            assertThat(registry.heartbeat(hb(id, 0, 0, 0)).known()).isTrue();
        }
    }

    /** How long after a failure report the worker cannot be leased, in whole seconds (it heartbeats meanwhile). */
    private long cooldownAfterFailure(String id) {
        registry.reportFailure(id, "connection refused");
        long s = 0;
        while (!leasable("m")) {
            advanceAlive(id, Duration.ofSeconds(1));
            s++;
            assertThat(s).as("cooldown ends").isLessThan(1000);
        }
        return s;
    }

    @Test
    void aFailedWorkerIsSkippedUntilItsCooldownHasPassed() {
        registry.register(reg("a", 1, "m"));
        registry.register(reg("b", 1, "m"));
        registry.reportFailure("a", "connection refused");
        assertThat(state("a").state()).isEqualTo("cooldown");
        assertThat(state("a").consecutiveFailures()).isEqualTo(1);
        for (int i = 0; i < 6; i++) assertThat(registry.lease(lease("m")).workerId()).isEqualTo("b");

        clock.advance(Duration.ofMillis(4999));
        assertThat(state("a").state()).isEqualTo("cooldown");
        clock.advance(Duration.ofMillis(1));
        assertThat(state("a").state()).isEqualTo("ready");
        assertThat(registry.lease(lease("m")).workerId()).isEqualTo("a");
    }

    @Test
    void theOnlyWorkerCoolingDownIsNoWorkerNotModelNotFound() {
        registry.register(reg("a", 1, "m"));
        registry.reportFailure("a", "timeout");
        assertThat(leasable("m")).isFalse();
    }

    @Test
    void cooldownDoublesWithEachConsecutiveFailureUpToTheMaximum() {
        registry.register(reg("a", 1, "m"));
        assertThat(cooldownAfterFailure("a")).isEqualTo(5);
        assertThat(cooldownAfterFailure("a")).isEqualTo(10);
        assertThat(cooldownAfterFailure("a")).isEqualTo(20);
        assertThat(cooldownAfterFailure("a")).isEqualTo(40);
        assertThat(cooldownAfterFailure("a")).isEqualTo(60);
        assertThat(cooldownAfterFailure("a")).isEqualTo(60);
        assertThat(state("a").consecutiveFailures()).isEqualTo(6);
    }

    @Test
    void reportsDuringACooldownBelongToTheSameIncident() {
        registry.register(reg("a", 1, "m"));
        registry.reportFailure("a", "first");
        clock.advance(Duration.ofSeconds(1));
        registry.reportFailure("a", "in flight when it broke");
        registry.reportFailure("a", "in flight when it broke");
        assertThat(state("a").consecutiveFailures()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(4));
        assertThat(leasable("m")).isTrue();
    }

    @Test
    void aHeartbeatAfterAQuietPeriodForgivesTheFailures() {
        registry.register(reg("a", 1, "m"));
        registry.reportFailure("a", "boom"); // cooldown until +5 s
        advanceAlive("a", Duration.ofSeconds(9));
        assertThat(state("a").consecutiveFailures()).as("quiet for 4 s of the 5 s needed").isEqualTo(1);
        advanceAlive("a", Duration.ofSeconds(1));
        assertThat(state("a").consecutiveFailures()).isZero();
        assertThat(cooldownAfterFailure("a")).as("starts again from the base cooldown").isEqualTo(5);
    }

    @Test
    void failingAgainRightAfterTheCooldownEscalates() {
        registry.register(reg("a", 1, "m"));
        registry.reportFailure("a", "boom");
        advanceAlive("a", Duration.ofSeconds(6));
        assertThat(state("a").state()).isEqualTo("ready");
        assertThat(cooldownAfterFailure("a")).isEqualTo(10);
    }

    @Test
    void coolingDownNeedsTheConfiguredNumberOfConsecutiveFailures() {
        var props = new ControllerProperties("round-robin", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60), 3);
        WorkerRegistry r = registry(props, clock);
        r.register(reg("a", 1, "m"));
        r.reportFailure("a", "1");
        r.reportFailure("a", "2");
        assertThat(r.workers().getFirst().state()).isEqualTo("ready");
        assertThat(r.lease(lease("m")).workerId()).isEqualTo("a");
        r.reportFailure("a", "3");
        assertThat(r.workers().getFirst().state()).isEqualTo("cooldown");
        assertThat(r.workers().getFirst().consecutiveFailures()).isEqualTo(3);
    }

    @Test
    void aFailureForAnUnknownWorkerChangesNothing() {
        registry.register(reg("a", 1, "m"));
        registry.reportFailure("ghost", "boom");
        assertThat(registry.workers()).extracting(WorkerState::workerId, WorkerState::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "ready"));
    }

    @Test
    void aZeroCooldownCountsFailuresButNeverSkipsTheWorker() {
        var props = new ControllerProperties("round-robin", Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, 1);
        WorkerRegistry r = registry(props, clock);
        r.register(reg("a", 1, "m"));
        r.reportFailure("a", "boom");
        r.reportFailure("a", "boom");
        assertThat(r.lease(lease("m")).workerId()).isEqualTo("a");
        assertThat(r.workers().getFirst().consecutiveFailures()).isEqualTo(2);
    }
}
