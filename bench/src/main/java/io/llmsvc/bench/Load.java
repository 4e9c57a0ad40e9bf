package io.llmsvc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a fixed number of calls at a fixed concurrency and records each call's latency. The callers are platform
 * threads by default (like wrk's: a blocking socket read wakes the thread that waits, with no poller hand-off);
 * {@code --threads=virtual} makes them virtual threads.
 */
final class Load {
    static volatile boolean virtualThreads = false;

    /** One call; returns its latency in nanoseconds (the call measures itself, e.g. up to its first token). */
    interface Call {
        long run(int i) throws Exception;
    }

    /** Latencies of one batch and its wall time. */
    record Batch(long[] latencies, long wallNanos) {}

    static Batch run(Call call, int requests, int concurrency) throws Exception {
        long[] lat = new long[requests];
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = virtualThreads ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newFixedThreadPool(concurrency, r -> {
                    Thread t = new Thread(r, "bench-load");
                    t.setDaemon(true);
                    return t;
                })) {
            List<Future<?>> workers = new ArrayList<>(concurrency);
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) lat[i] = call.run(i);
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get(); // rethrows the first failure
        }
        return new Batch(lat, System.nanoTime() - t0);
    }

    private Load() {}
}
