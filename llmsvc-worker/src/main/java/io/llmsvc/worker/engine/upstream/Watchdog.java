package io.llmsvc.worker.engine.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An idle timer for reading an HTTP body: {@code java.net.http} bounds only the wait for the response headers, so
 * a body that stops arriving would block its reader forever. When nothing was {@link #touch()}ed for the timeout,
 * while the reader was {@link #waiting()}, the watchdog runs its action (which closes the body, failing the blocked
 * read).
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "llmsvc-upstream-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private final long timeoutNanos;
    private final Runnable onExpire;
    private volatile long lastTouch = System.nanoTime();
    private volatile boolean waiting = true;
    private volatile boolean expired;
    private volatile boolean disarmed;
    private volatile ScheduledFuture<?> pending;

    private Watchdog(Duration timeout, Runnable onExpire) {
        this.timeoutNanos = timeout.toNanos();
        this.onExpire = onExpire;
    }

    static Watchdog arm(Duration timeout, Runnable onExpire) {
        Watchdog w = new Watchdog(timeout, onExpire);
        w.schedule(w.timeoutNanos);
        return w;
    }

    void touch() { lastTouch = System.nanoTime(); }

    /** The reader starts waiting for the body: silence counts from now. */
    void waiting() {
        lastTouch = System.nanoTime();
        waiting = true;
    }

    /** The reader is busy elsewhere (its caller has not asked for more): a slow caller is no upstream timeout. */
    void idle() { waiting = false; }

    boolean expired() { return expired; }

    void disarm() {
        disarmed = true;
        ScheduledFuture<?> p = pending;
        if (p != null) p.cancel(false);
    }

    private void schedule(long delayNanos) {
        pending = TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    // One task at a time: touching is a volatile write, and the task reschedules itself for the time left.
    private void check() {
        if (disarmed) return;
        long idle = System.nanoTime() - lastTouch;
        if (!waiting || idle < timeoutNanos) {
            if (!waiting) idle = 0;
            schedule(timeoutNanos - idle);
            return;
        }
        expired = true;
        onExpire.run();
    }
}
