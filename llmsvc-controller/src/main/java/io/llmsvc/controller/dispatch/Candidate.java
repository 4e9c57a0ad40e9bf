package io.llmsvc.controller.dispatch;

/** What a {@link DispatchPolicy} sees of one eligible worker: live, not excluded, not cooling down. */
public interface Candidate {

    /** Parallel generations the worker runs (at least 1). */
    int slots();

    /**
     * Requests the worker has or is about to have: queued + active at its last heartbeat, plus leases handed out
     * since then (which the heartbeat does not know of yet).
     */
    int load();

    /** Recent decode speed over all slots as last reported; 0 when unknown. */
    double tokensPerSecond();
}
