package io.llmsvc.controller.dispatch;

/**
 * The worker with the least load per slot (FastChat's shortest queue, counting also the leases handed out since the
 * last heartbeat, so a burst of requests between heartbeats spreads instead of piling onto one worker). Equally
 * loaded workers take turns: the {@code turn}-th of them (modulo their number) is chosen.
 */
final class ShortestQueuePolicy implements DispatchPolicy {

    @Override
    public String name() { return DispatchPolicies.SHORTEST_QUEUE; }

    @Override
    public int choose(Candidate[] candidates, int count, long turn) {
        Candidate best = candidates[0];
        int ties = 1;
        for (int i = 1; i < count; i++) {
            int cmp = compare(candidates[i], best);
            if (cmp < 0) {
                best = candidates[i];
                ties = 1;
            } else if (cmp == 0) {
                ties++;
            }
        }
        int wanted = (int) Math.floorMod(turn, (long) ties);
        for (int i = 0; i < count; i++) {
            if (compare(candidates[i], best) == 0 && wanted-- == 0) return i;
        }
        throw new IllegalStateException("unreachable: a tied candidate was counted but not found");
    }

    /** Load per slot compared without division. */
    private static int compare(Candidate a, Candidate b) {
        return Long.compare((long) a.load() * b.slots(), (long) b.load() * a.slots());
    }
}
