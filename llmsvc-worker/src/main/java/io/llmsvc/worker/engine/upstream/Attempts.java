package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The retry budget of one request, shared by all its attempts, and its cancellation: cancelling aborts the HTTP
 * exchange in flight and cuts a backoff short.
 */
final class Attempts {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final int retries;
    private int used;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile CompletableFuture<?> inFlight;

    Attempts(int retries) {
        this.retries = retries;
    }

    boolean cancelled() { return cancelled.getCount() == 0; }

    void cancel() {
        cancelled.countDown();
        CompletableFuture<?> f = inFlight;
        if (f != null) f.cancel(true);
    }

    /** Remembers the exchange in flight so that {@link #cancel()} can abort it. */
    void track(CompletableFuture<?> f) {
        inFlight = f;
        if (cancelled() && f != null) f.cancel(true);
    }

    /**
     * Waits before the next attempt (100 ms, 200 ms, 400 ms … at most 2 s, plus up to 25% jitter).
     *
     * @return false when the budget is spent or the request was cancelled
     */
    boolean backoff() {
        if (cancelled() || used >= retries) return false;
        long ms = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(used, 10));
        used++;
        ms += ThreadLocalRandom.current().nextLong(ms / 4 + 1);
        try {
            return !cancelled.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int retriesUsed() { return used; }

    static LlmsvcException cancelledError(String upstream) {
        return new LlmsvcException(ErrorCode.UNAVAILABLE, "the request to upstream '" + upstream + "' was cancelled");
    }
}
