package io.llmsvc.jobs.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code jobs} table and JobRunr in step, on every {@code jobs} target (each check is a conditional
 * update, so several watchdogs never move one job twice):
 * <ul>
 * <li>a running job whose heartbeat stopped (its process died or hangs without heartbeats) is queued again as the
 *     next generation, or failed when its attempts are used up;</li>
 * <li>a queued job whose JobRunr job is missing (the process died between the two writes) or finished without
 *     running it is enqueued again.</li>
 * </ul>
 */
public class JobWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWatchdog.class);

    private final JobStore store;
    private final JobRunrQueue runr;
    private final JobsProperties props;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("job-watchdog").factory());

    public JobWatchdog(JobStore store, JobRunrQueue runr, JobsProperties props, Clock clock) {
        this.store = store;
        this.runr = runr;
        this.props = props;
        this.clock = clock;
    }

    private java.util.concurrent.ScheduledFuture<?> schedule;

    /** Starts the periodic checks (again after {@link #stop()}; never twice at once). */
    public synchronized void start() {
        if (schedule != null && !schedule.isDone()) return;
        long every = Math.max(500, props.staleAfter().toMillis() / 3);
        schedule = timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the periodic checks: a stopping {@code jobs} process must not requeue work while its own running jobs are
     * being handed back (the other processes' watchdogs take over).
     */
    public synchronized void stop() {
        if (schedule != null) schedule.cancel(false);
        schedule = null;
    }

    /** Whether the periodic checks are scheduled. */
    public synchronized boolean isRunning() {
        return schedule != null && !schedule.isDone();
    }

    /** One pass; public for tests. */
    public void check() {
        try {
            Instant stale = clock.instant().minus(props.staleAfter());
            for (JobRecord job : store.stale(stale)) {
                String reason = "its worker stopped responding (no heartbeat for " + props.staleAfter().toSeconds() + " s)";
                if (job.attempts() >= job.maxAttempts()) {
                    if (store.failStale(job.id(), job.generation(), stale, reason + " after " + job.attempts() + " attempts")) {
                        log.warn("job {} ({}) failed: {}", job.id(), job.type(), reason);
                    }
                } else if (store.requeueStale(job.id(), job.generation(), stale, reason + "; running it again")) {
                    log.warn("job {} ({}): {}; queued again", job.id(), job.type(), reason);
                    var ref = runr.enqueue(job.id(), job.generation() + 1, null);
                    store.setRunnerRef(job.id(), job.generation() + 1, ref.toString());
                }
            }
            // a queued job should have a pending JobRunr job within a poll interval of its last change
            Instant quiet = clock.instant().minus(props.pollInterval().multipliedBy(2));
            for (JobRecord job : store.queuedBefore(quiet)) {
                var presence = runr.presence(job.id(), job.generation());
                if (presence == JobRunrQueue.Presence.MISSING) {
                    log.info("job {} ({}) had no queue entry; enqueued", job.id(), job.type());
                    runr.enqueue(job.id(), job.generation(), null);
                } else if (presence == JobRunrQueue.Presence.FINISHED && store.requeueQueued(job.id(), job.generation())) {
                    var ref = runr.enqueue(job.id(), job.generation() + 1, null);
                    store.setRunnerRef(job.id(), job.generation() + 1, ref.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("job watchdog: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
