package io.llmsvc.controller.dispatch;

/**
 * Picks one worker among the eligible candidates for a model. Runs on every request while the registry holds its
 * lock, so implementations must be cheap (one pass, no allocation) and must not keep the array.
 */
public interface DispatchPolicy {

    /** The setting value naming this policy ({@code llmsvc.controller.policy}). */
    String name();

    /**
     * @param candidates eligible workers in {@code candidates[0..count)}; entries past {@code count} are stale
     * @param count      at least 1
     * @param turn       a per-model counter that grows by one on every lease, for rotation and tie-breaking
     * @return the index of the chosen candidate, in {@code [0, count)}
     */
    int choose(Candidate[] candidates, int count, long turn);
}
