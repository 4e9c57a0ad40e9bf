package io.llmsvc.jobs.queue;

import io.llmsvc.api.agents.Caller;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What a running job sees of the queue: who owns it, its progress, whether it should stop, and a record of side
 * effects it has done ({@link #once}).
 */
public final class JobContext {
    private static final long PROGRESS_EVERY_MS = 250;

    private final JobStore store;
    private final JobRecord job;
    private final String runId;
    private final Clock clock;
    private long lastProgressMs;

    JobContext(JobStore store, JobRecord job, String runId, Clock clock) {
        this.store = store;
        this.job = job;
        this.runId = runId;
        this.clock = clock;
    }

    public String jobId() { return job.id(); }

    public String type() { return job.type(); }

    /** The run's number, from 1; greater on a retry or a re-run. */
    public int attempt() { return job.attempts() + 1; }

    /** The owner as a caller of other APIs (a recurring job's owner is {@code system}, an admin). */
    public Caller owner() {
        return "system".equals(job.ownerId()) ? new Caller("system", Set.of("admin")) : new Caller(job.ownerId(), Set.of("user"));
    }

    public String ownerId() { return job.ownerId(); }

    /**
     * Reports progress (0..1, clamped) and what the job is doing; written at most four times a second except the
     * final 1.0. Throws {@link JobCancelledException} when the job was cancelled or taken over.
     */
    public void progress(double fraction, String message) {
        checkCancelled();
        long now = clock.millis();
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        if (f < 1 && now - lastProgressMs < PROGRESS_EVERY_MS) return;
        lastProgressMs = now;
        if (!store.progress(job.id(), runId, f, message)) throw new JobCancelledException("the job was cancelled");
    }

    /** Throws {@link JobCancelledException} when the job was cancelled, timed out or taken over by another run. */
    public void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) throw new JobCancelledException("the job was interrupted");
    }

    /** Whether this run still owns the job (asks the database). */
    public boolean stillOwned() {
        return store.owns(job.id(), runId);
    }

    /**
     * Does a side effect once per job, across retries and re-runs: when {@code step} was completed by an earlier
     * run its recorded outcome is returned and {@code action} is not called again. The outcome is recorded after
     * {@code action} returns; an action interrupted before that is done again, so an action must itself be
     * idempotent at its own level (e.g. writing one object key) or short.
     */
    public String once(String step, Callable<String> action) throws Exception {
        var done = store.stepOutcome(job.id(), step);
        if (done.isPresent()) return done.get();
        String outcome = action.call();
        if (!store.recordStep(job.id(), step, outcome)) {
            return store.stepOutcome(job.id(), step).orElse(outcome);
        }
        return outcome;
    }
}
