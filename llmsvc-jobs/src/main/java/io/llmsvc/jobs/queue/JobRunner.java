package io.llmsvc.jobs.queue;

import io.llmsvc.api.jobs.JobArgs;
import io.llmsvc.api.jobs.JobResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one generation of one job on a {@code jobs} target: reads its arguments into the type's record, claims it
 * ({@link JobStore#startRun}), runs the handler on its own thread under the type's timeout while a heartbeat marks
 * it alive, and records the outcome. The heartbeat also notices a cancel made from any process and interrupts the
 * handler. Transient failures queue the next generation with exponential backoff until the attempts run out.
 */
public class JobRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore store;
    private final JobTypes types;
    private final JobRunrQueue queue;
    private final JobsProperties props;
    private final JsonMapper json;
    private final Clock clock;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-", 0).factory());
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("job-heartbeat").factory());

    public JobRunner(JobStore store, JobTypes types, JobRunrQueue queue, JobsProperties props, JsonMapper json, Clock clock) {
        this.store = store;
        this.types = types;
        this.queue = queue;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    /** Runs generation {@code generation} of job {@code jobId} if it is still due; returns when it is recorded. */
    public void runJob(String jobId, int generation) throws InterruptedException {
        JobRecord job = store.find(jobId).orElse(null);
        if (job == null || job.generation() != generation || job.state().finished()) return;
        JobHandler<?> handler = types.byType(job.type()).orElse(null);
        if (handler == null) {
            store.failUnstarted(jobId, generation, "this version has no job type '" + job.type() + "' (it was removed or renamed)");
            return;
        }
        JobArgs args;
        try {
            args = json.readValue(job.args(), handler.argsType());
        } catch (JacksonException e) {
            store.failUnstarted(jobId, generation, "the job's arguments no longer match job type " + job.type()
                    + " (stored by an earlier version?): " + JobStore.clip(e.getOriginalMessage(), 300));
            return;
        }
        String runId = UUID.randomUUID().toString();
        if (!store.startRun(jobId, generation, runId, clock.instant().minus(props.staleAfter()))) return;
        if (job.state() == io.llmsvc.api.jobs.JobState.RUNNING) {
            log.info("job {} ({}) resumed: its previous run stopped sending heartbeats", jobId, job.type());
        }
        execute(job, handler, args, runId);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void execute(JobRecord job, JobHandler handler, JobArgs args, String runId) throws InterruptedException {
        JobContext ctx = new JobContext(store, job, runId, clock);
        Future<JobResult> run = threads.submit(() -> (JobResult) handler.run(args, ctx));
        long beat = props.heartbeatInterval().toMillis();
        ScheduledFuture<?> heartbeat = beats.scheduleWithFixedDelay(() -> {
            try {
                if (!store.heartbeat(job.id(), runId)) run.cancel(true);
            } catch (RuntimeException e) {
                log.warn("job {}: heartbeat failed: {}", job.id(), e.toString());
            }
        }, beat, beat, TimeUnit.MILLISECONDS);
        Duration timeout = timeout(job.type());
        try {
            JobResult result = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!store.succeed(job.id(), runId, result)) log.info("job {} finished after it was cancelled or taken over; result dropped", job.id());
        } catch (TimeoutException e) {
            run.cancel(true);
            transientFailure(job, runId, "timed out after " + readable(timeout));
        } catch (CancellationException e) {
            // the heartbeat found that this run no longer owns the job: cancelled or taken over; nothing to record
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PermanentJobException p) {
                store.fail(job.id(), runId, p.getMessage());
            } else if (cause instanceof JobCancelledException) {
                if (store.owns(job.id(), runId)) transientFailure(job, runId, "interrupted: " + cause.getMessage());
            } else {
                log.info("job {} ({}) attempt {} failed: {}", job.id(), job.type(), job.attempts() + 1, cause.toString());
                transientFailure(job, runId, describe(cause));
            }
        } catch (InterruptedException e) {
            // JobRunr stops this server or deleted the job: stop the handler; a shutdown queues the job again at once
            run.cancel(true);
            if (store.owns(job.id(), runId) && store.retryLater(job.id(), runId, "interrupted: the jobs process stopped", clock.instant())) {
                queue.enqueue(job.id(), job.generation() + 1, null);
            }
            throw e;
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void transientFailure(JobRecord job, String runId, String reason) {
        int attempt = job.attempts() + 1;
        if (attempt >= job.maxAttempts()) {
            store.fail(job.id(), runId, reason + (job.maxAttempts() > 1 ? " (gave up after " + attempt + " attempts)" : ""));
            return;
        }
        long factor = 1L << Math.min(20, attempt - 1);
        Instant at = clock.instant().plus(props.retryBackoff().multipliedBy(factor));
        if (store.retryLater(job.id(), runId, reason, at)) {
            UUID ref = queue.enqueue(job.id(), job.generation() + 1, at);
            store.setRunnerRef(job.id(), job.generation() + 1, ref.toString());
        }
    }

    Duration timeout(String type) {
        Duration t = props.type(type).timeout();
        return t != null ? t : props.timeout();
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }

    static String readable(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        beats.shutdownNow();
        threads.shutdownNow();
    }
}
