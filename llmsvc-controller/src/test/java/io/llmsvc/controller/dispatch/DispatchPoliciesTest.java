package io.llmsvc.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DispatchPoliciesTest {

    record Fake(int slots, int load, double tokensPerSecond) implements Candidate {}

    private static Candidate[] of(Candidate... cs) {
        Candidate[] arr = new Candidate[cs.length + 2]; // stale tail entries must be ignored
        System.arraycopy(cs, 0, arr, 0, cs.length);
        arr[cs.length] = new Fake(1, 0, 1000);
        arr[cs.length + 1] = new Fake(1, 0, 1000);
        return arr;
    }

    @Test
    void shortestQueuePicksTheLeastLoadPerSlotWhateverTheTurn() {
        DispatchPolicy p = DispatchPolicies.of("shortest-queue");
        Candidate[] cs = of(new Fake(1, 3, 0), new Fake(4, 2, 0), new Fake(1, 1, 0));
        for (long turn = 0; turn < 10; turn++) {
            assertThat(p.choose(cs, 3, turn)).as("turn %d", turn).isEqualTo(1); // 2/4 beats 1/1 and 3/1
        }
    }

    @Test
    void shortestQueueRotatesAmongEquallyLoadedWorkers() {
        DispatchPolicy p = DispatchPolicies.of("shortest-queue");
        Candidate[] cs = of(new Fake(2, 1, 0), new Fake(1, 5, 0), new Fake(2, 1, 0));
        int[] picks = new int[3];
        for (long turn = 0; turn < 30; turn++) picks[p.choose(cs, 3, turn)]++;
        assertThat(picks[1]).isZero();
        assertThat(picks[0]).isEqualTo(picks[2]).isEqualTo(15);
    }

    @Test
    void roundRobinCyclesThroughAll() {
        DispatchPolicy p = DispatchPolicies.of("round-robin");
        Candidate[] cs = of(new Fake(1, 9, 0), new Fake(1, 0, 0), new Fake(8, 0, 0));
        for (long turn = 0; turn < 9; turn++) assertThat(p.choose(cs, 3, turn)).isEqualTo((int) (turn % 3));
    }

    @Test
    void lotteryFavoursTheFasterWorkerInProportionToSpeed() {
        DispatchPolicy p = DispatchPolicies.of("lottery", new SplittableRandom(42));
        Candidate[] cs = of(new Fake(1, 0, 30), new Fake(1, 0, 10));
        int fast = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) if (p.choose(cs, 2, i) == 0) fast++;
        // expected 0.75; the bound is ~7 standard deviations wide
        assertThat(fast / (double) draws).isBetween(0.70, 0.80);
    }

    @Test
    void lotteryWithTheThreadsRandomAlsoFavoursTheFasterWorker() {
        DispatchPolicy p = DispatchPolicies.of("lottery");
        Candidate[] cs = of(new Fake(1, 0, 5), new Fake(1, 0, 45));
        int fast = 0;
        for (int i = 0; i < 4000; i++) if (p.choose(cs, 2, i) == 1) fast++;
        assertThat(fast / 4000.0).isBetween(0.85, 0.95);
    }

    @Test
    void lotteryWeighsBySlotsWhenAnySpeedIsUnknown() {
        DispatchPolicy p = DispatchPolicies.of("lottery", new SplittableRandom(7));
        // the fast worker's speed must not count while the other has none to compare with
        Candidate[] cs = of(new Fake(3, 0, 0), new Fake(1, 0, 500));
        int first = 0;
        for (int i = 0; i < 4000; i++) if (p.choose(cs, 2, i) == 0) first++;
        assertThat(first / 4000.0).isBetween(0.70, 0.80);
    }

    @Test
    void lotteryNeverPicksOutsideTheCandidates() {
        DispatchPolicy p = DispatchPolicies.of("lottery", new SplittableRandom(1));
        Candidate[] cs = of(new Fake(1, 0, 1e-300), new Fake(1, 0, 1e300));
        for (int i = 0; i < 1000; i++) assertThat(p.choose(cs, 2, i)).isBetween(0, 1);
        assertThat(p.choose(cs, 1, 0)).isZero();
    }

    @Test
    void policiesAreFoundByTheirSettingName() {
        for (String name : DispatchPolicies.NAMES) assertThat(DispatchPolicies.of(name).name()).isEqualTo(name);
        assertThatThrownBy(() -> DispatchPolicies.of("fastest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shortest-queue");
    }
}
