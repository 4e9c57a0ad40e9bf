package io.llmsvc.gateway.logs;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes request log rows older than {@code llmsvc.logs.retention}, every {@code retention-interval}, in batches of
 * {@code delete-batch-size} ids. Every gateway replica runs it; concurrent runs delete disjoint or already-deleted
 * rows, which is harmless.
 */
final class RequestLogRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RequestLogRetention.class);

    private final RequestLogStore store;
    private final LogsProperties props;
    private ScheduledExecutorService timer;

    RequestLogRetention(RequestLogStore store, LogsProperties props) {
        this.store = store;
        this.props = props;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("llmsvc-log-retention").factory());
        long every = props.retentionInterval().toMillis();
        timer.scheduleWithFixedDelay(this::runOnce, Math.min(every, 30_000), every, TimeUnit.MILLISECONDS);
    }

    RequestLogStore.Purge runOnce() {
        try {
            RequestLogStore.Purge p = store.deleteOlderThan(Instant.now().minus(props.retention()), props.deleteBatchSize());
            if (p.rows() > 0) log.info("request log retention: deleted {} rows older than {}", p.rows(), props.retention());
            return p;
        } catch (RuntimeException e) {
            log.warn("request log retention failed: {}", e.toString());
            return new RequestLogStore.Purge(0, 0);
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
