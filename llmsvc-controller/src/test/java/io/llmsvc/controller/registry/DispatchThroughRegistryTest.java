package io.llmsvc.controller.registry;

import static io.llmsvc.controller.registry.RegistryFixtures.hb;
import static io.llmsvc.controller.registry.RegistryFixtures.lease;
import static io.llmsvc.controller.registry.RegistryFixtures.reg;
import static io.llmsvc.controller.registry.RegistryFixtures.registry;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.controller.ControllerProperties;
import io.llmsvc.controller.dispatch.DispatchPolicies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The policies as the registry applies them: with heartbeat load, leases since the heartbeat and per-model turns. */
class DispatchThroughRegistryTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void shortestQueuePicksTheLeastLoadedWorkerPerSlot() {
        WorkerRegistry r = registry("shortest-queue", clock);
        r.register(reg("busy", 1, "m"));
        r.register(reg("big", 4, "m"));
        r.register(reg("idle-ish", 1, "m"));
        r.heartbeat(hb("busy", 2, 1, 10));
        r.heartbeat(hb("big", 1, 1, 10));      // 2 / 4 slots
        r.heartbeat(hb("idle-ish", 0, 1, 10)); // 1 / 1 slot
        assertThat(r.lease(lease("m")).workerId()).isEqualTo("big");
    }

    @Test
    void leasesSinceTheLastHeartbeatCountAsLoad() {
        WorkerRegistry r = registry("shortest-queue", clock);
        r.register(reg("a", 1, "m"));
        r.register(reg("b", 1, "m"));
        r.heartbeat(hb("b", 1, 0, 0));
        // a is idle, b has one queued: a takes the first lease, then they are even and take turns
        assertThat(r.lease(lease("m")).workerId()).isEqualTo("a");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10; i++) counts.merge(r.lease(lease("m")).workerId(), 1, Integer::sum);
        assertThat(counts).containsEntry("a", 5).containsEntry("b", 5);
        // a heartbeat replaces the counted leases with the worker's own report
        r.heartbeat(hb("a", 0, 0, 0));
        assertThat(r.lease(lease("m")).workerId()).isEqualTo("a");
        assertThat(r.lease(lease("m")).workerId()).isEqualTo("a");
    }

    @Test
    void roundRobinCyclesPerModel() {
        WorkerRegistry r = registry("round-robin", clock);
        r.register(reg("a", 1, "m", "n"));
        r.register(reg("b", 1, "m"));
        r.register(reg("c", 1, "m", "n"));
        r.heartbeat(hb("a", 50, 2, 0)); // load does not matter
        List<String> m = new ArrayList<>();
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            m.add(r.lease(lease("m")).workerId());
            n.add(r.lease(lease("n")).workerId());
        }
        assertThat(m).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(n).containsExactly("a", "c", "a", "c", "a", "c");
    }

    @Test
    void lotteryFavoursTheFasterWorker() {
        var props = new ControllerProperties("lottery", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60), 1);
        WorkerRegistry r = new WorkerRegistry(props, DispatchPolicies.of("lottery", new SplittableRandom(3)), clock);
        r.register(reg("fast", 1, "m"));
        r.register(reg("slow", 1, "m"));
        r.heartbeat(hb("fast", 0, 0, 40));
        r.heartbeat(hb("slow", 0, 0, 10));
        int fast = 0;
        for (int i = 0; i < 4000; i++) if (r.lease(lease("m")).workerId().equals("fast")) fast++;
        assertThat(fast / 4000.0).isBetween(0.75, 0.85);
    }
}
