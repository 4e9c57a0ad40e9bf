package io.llmsvc.controller.dispatch;

/** Each model's workers in turn, whatever their load. */
final class RoundRobinPolicy implements DispatchPolicy {

    @Override
    public String name() { return DispatchPolicies.ROUND_ROBIN; }

    @Override
    public int choose(Candidate[] candidates, int count, long turn) {
        return (int) Math.floorMod(turn, (long) count);
    }
}
