package io.llmsvc.controller.dispatch;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A random worker, weighted by its reported decode speed (FastChat's lottery). Speeds are compared only when every
 * candidate reports one; otherwise the weight is the slot count for all, so a worker that has not measured its speed
 * yet (idle, just started) is neither starved nor favoured against ones that have.
 */
final class LotteryPolicy implements DispatchPolicy {
    private final RandomGenerator random;

    /** @param random the source of draws; {@code null} for the calling thread's {@link ThreadLocalRandom} */
    LotteryPolicy(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public String name() { return DispatchPolicies.LOTTERY; }

    @Override
    public int choose(Candidate[] candidates, int count, long turn) {
        if (count == 1) return 0;
        boolean bySpeed = true;
        for (int i = 0; i < count; i++) {
            double s = candidates[i].tokensPerSecond();
            if (!(s > 0) || Double.isInfinite(s)) {
                bySpeed = false;
                break;
            }
        }
        double total = 0;
        for (int i = 0; i < count; i++) total += weight(candidates[i], bySpeed);
        RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
        double draw = r.nextDouble() * total;
        for (int i = 0; i < count; i++) {
            draw -= weight(candidates[i], bySpeed);
            if (draw < 0) return i;
        }
        return count - 1; // rounding left a sliver past the last weight
    }

    private static double weight(Candidate c, boolean bySpeed) {
        return bySpeed ? c.tokensPerSecond() : Math.max(1, c.slots());
    }
}
