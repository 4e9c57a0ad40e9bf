package io.llmsvc.gateway.quota;

/**
 * Where the counters of API key limits live. {@link #acquire} checks every limit of a request and, only when all
 * pass, counts it: one atomic step, so concurrent requests (in one process or, with Redis, in many) can never pass
 * a limit together. Limits use "admit while capacity is left": a request is admitted while the counter is below
 * the limit and then adds its whole reservation, so a token limit or budget can be passed by at most the last
 * admitted request's reservation.
 */
interface CounterStore extends AutoCloseable {
    /** Rolling window, in one-second buckets: the current second and the 60 before it. */
    int WINDOW_SECONDS = 61;

    Decision acquire(Request request);

    /**
     * Ends an admitted request: frees its concurrency slot and replaces its token reservation with the actual usage,
     * or returns the reservation when {@code actualTokens < 0} (never settled).
     */
    void finish(Ticket ticket, long actualTokens);

    @Override
    default void close() {}

    /**
     * One request to admit; a limit of 0 is "no limit".
     *
     * @param period      the budget period's id (its first day, {@code yyyy-mm-dd}), null without a budget
     * @param periodEnd   epoch second at which the budget period ends
     * @param cost        tokens to reserve (the estimate)
     */
    record Request(String keyId, int rpm, int tpm, int maxConcurrent, long budget, String period, long periodEnd,
                   long cost, long nowMillis) {
        long second() { return Math.floorDiv(nowMillis, 1000); }
    }

    /** What {@link #finish} needs to undo or settle an admitted request. */
    record Ticket(String keyId, long second, long cost, boolean tpm, String period, String lease) {}

    enum Limit { RPM, TPM, CONCURRENCY, BUDGET }

    sealed interface Decision {
        record Granted(Ticket ticket) implements Decision {}

        /** @param retryAfterSeconds when the limit will let a request through again (budget: filled in by the caller) */
        record Refused(Limit limit, long retryAfterSeconds) implements Decision {}
    }

    /** Budget consumption persisted outside the counters, for cold starts. */
    interface BudgetLedger {
        BudgetLedger NONE = new BudgetLedger() {
            @Override
            public long load(String keyId, String period) { return 0; }

            @Override
            public void add(String keyId, String period, long tokens) {}
        };

        /** Tokens already consumed in this period. */
        long load(String keyId, String period);

        /** Records consumption (off the request path). */
        void add(String keyId, String period, long tokens);
    }
}
