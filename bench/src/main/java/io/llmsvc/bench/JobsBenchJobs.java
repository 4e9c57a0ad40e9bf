package io.llmsvc.bench;

import io.llmsvc.api.jobs.JobArgs;
import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.jobs.queue.JobContext;
import io.llmsvc.jobs.queue.JobHandler;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The job of the {@code jobs} benchmark, once as our job type and once as a plain JobRunr job request: each run
 * notes when the first run after {@link #armStart} began and sleeps {@link #SLEEP_MS}. Public: JobRunr calls the
 * handler by reflection.
 */
public final class JobsBenchJobs {
    /**
     * Every run sleeps this long on both sides. Runs that return at once make JobRunr miss its wake-up now and
     * then (a worker finishing while another thread holds the onboarding lock waits for the next 5 s poll), which
     * turns the throughput of either side into noise.
     */
    static final long SLEEP_MS = 5;

    private static final AtomicLong STARTED = new AtomicLong();

    /** Clears the start time; the next run to begin sets it. */
    static void armStart() {
        STARTED.set(0);
    }

    /** The {@link System#nanoTime} the first run after {@link #armStart} began, 0 while none has. */
    static long started() {
        return STARTED.get();
    }

    private static void work() throws InterruptedException {
        STARTED.compareAndSet(0, System.nanoTime());
        Thread.sleep(SLEEP_MS);
    }

    /** Arguments of our job type {@code bench.sleep}. */
    public record SleepArgs(int n) implements JobArgs {}

    /** Our job type, run by {@code JobRunner} under a JobRunr job. */
    public static final class SleepJob implements JobHandler<SleepArgs> {
        @Override
        public String type() { return "bench.sleep"; }

        @Override
        public Class<SleepArgs> argsType() { return SleepArgs.class; }

        @Override
        public JobResult run(SleepArgs args, JobContext context) throws Exception {
            work();
            return JobResult.summary("slept");
        }
    }

    /** The same work as a plain JobRunr job request, what a user of JobRunr alone would write. */
    public record PlainRequest(int n) implements JobRequest {
        @Override
        public Class<PlainHandler> getJobRequestHandler() { return PlainHandler.class; }
    }

    public static final class PlainHandler implements JobRequestHandler<PlainRequest> {
        @Override
        public void run(PlainRequest request) throws Exception {
            work();
        }
    }

    private JobsBenchJobs() {}
}
