package io.llmsvc.gateway.logs;

import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.gateway.exchange.ExchangeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every completed API request, off the request path: the request thread only builds a small record and
 * offers it to a bounded queue; one background thread writes batches. When the queue is full the record is dropped
 * and counted ({@code llmsvc_request_log_dropped_total}, plus a warning at most once a minute) — a request is never
 * blocked by its log. {@link #close()} stops the thread and writes what is still queued.
 */
final class RequestLogWriter implements ExchangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RequestLogWriter.class);
    static final Duration WARN_EVERY = Duration.ofMinutes(1);

    /** Where batches go (the store; a stub in tests). Returns how many rows could not be written. */
    @FunctionalInterface
    interface Sink {
        int write(List<RequestRecord> batch);
    }

    private final LogsProperties props;
    private final Sink sink;
    private final RequestIds ids = new RequestIds();
    private final ArrayBlockingQueue<RequestRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Counter droppedCounter;
    private final Counter failedCounter;
    private volatile boolean running;
    private Thread thread;
    private long warnedDropped;
    private long lastWarnNanos;

    RequestLogWriter(LogsProperties props, Sink sink, MeterRegistry registry) {
        this.props = props;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(props.queueCapacity());
        this.droppedCounter = Counter.builder("llmsvc.request.log.dropped")
                .description("Request log records dropped because the queue was full").register(registry);
        this.failedCounter = Counter.builder("llmsvc.request.log.failed")
                .description("Request log records the database did not accept").register(registry);
        Gauge.builder("llmsvc.request.log.queue", queue, ArrayBlockingQueue::size)
                .description("Request log records waiting to be written").register(registry);
    }

    @Override
    public void completed(Exchange ex, Principal principal, int status) {
        if (!props.enabled()) return;
        long total = ex.totalNanos();
        long ttft = ex.ttftNanos();
        RequestRecord r = RequestRecord.of(ids.next(), Instant.now().minusNanos(total),
                principal == null ? null : principal.userId(),
                principal == null || principal.key() == null ? null : principal.key().prefix(),
                ex.pattern() != null ? ex.pattern() : ex.route(), ex.worker(), ex.model(), status, ex.errorCode(),
                total / 1e6, ttft < 0 ? null : ttft / 1e6, ex.promptTokens(), ex.completionTokens(),
                ex.overheadNanos() / 1e6, ex.isStreamed());
        offer(r);
    }

    /** Queues a record without waiting; false (and counted) when the queue is full. */
    boolean offer(RequestRecord r) {
        if (queue.offer(r)) return true;
        dropped.incrementAndGet();
        droppedCounter.increment();
        return false;
    }

    long dropped() { return dropped.get(); }

    long failed() { return failed.get(); }

    int queued() { return queue.size(); }

    synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = Thread.ofPlatform().daemon().name("llmsvc-request-log").start(this::run);
    }

    private void run() {
        List<RequestRecord> batch = new ArrayList<>(props.batchSize());
        while (running) {
            try {
                RequestRecord first = queue.poll(props.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, props.batchSize() - 1);
                    write(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                batch.clear();
                log.warn("request log writer: {}", e.toString());
            }
            warnAboutDrops();
        }
    }

    private void write(List<RequestRecord> batch) {
        int lost;
        try {
            lost = sink.write(batch);
        } catch (RuntimeException e) {
            lost = batch.size();
            log.warn("request log: {} records not written: {}", batch.size(), e.getClass().getSimpleName());
        }
        if (lost > 0) {
            failed.addAndGet(lost);
            failedCounter.increment(lost);
        }
    }

    private void warnAboutDrops() {
        long d = dropped.get();
        if (d == warnedDropped) return;
        long now = System.nanoTime();
        if (lastWarnNanos != 0 && now - lastWarnNanos < WARN_EVERY.toNanos()) return;
        log.warn("request log queue full: {} records dropped (total {}); raise llmsvc.logs.queue-capacity or check the database",
                d - warnedDropped, d);
        warnedDropped = d;
        lastWarnNanos = now;
    }

    /** Stops the background thread and writes everything still queued. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Math.max(10_000, props.flushInterval().toMillis() * 2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        List<RequestRecord> batch = new ArrayList<>(props.batchSize());
        while (queue.drainTo(batch, props.batchSize()) > 0) {
            write(batch);
            batch.clear();
        }
        warnAboutDrops();
    }
}
