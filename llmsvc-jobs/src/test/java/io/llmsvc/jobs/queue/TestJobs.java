package io.llmsvc.jobs.queue;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.jobs.JobArgs;
import io.llmsvc.api.jobs.JobResult;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Job types for the queue's tests: each does what its arguments say, and counts what it did. */
final class TestJobs {
    private TestJobs() {}

    /** {@code test.steps}: {@code steps} steps of {@code stepMs} each, failing transiently on the first {@code failFirst} attempts. */
    record Steps(int steps, long stepMs, int failFirst, boolean permanent, String label) implements JobArgs {}

    /** Side effects per job and step, across runs. */
    static final ConcurrentHashMap<String, AtomicInteger> EFFECTS = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    static int effects(String jobId, int step) {
        AtomicInteger n = EFFECTS.get(jobId + "/" + step);
        return n == null ? 0 : n.get();
    }

    static int runs(String jobId) {
        AtomicInteger n = RUNS.get(jobId);
        return n == null ? 0 : n.get();
    }

    static final class StepsJob implements JobHandler<Steps> {
        @Override
        public String type() { return "test.steps"; }

        @Override
        public Class<Steps> argsType() { return Steps.class; }

        @Override
        public void validate(Steps args, Caller owner) {
            if (args.steps() < 0) throw LlmsvcException.invalid("steps", "steps must be >= 0");
        }

        @Override
        public Steps recurringArgs() { return new Steps(0, 0, 0, false, "recurring"); }

        @Override
        public JobResult run(Steps args, JobContext ctx) throws Exception {
            int run = RUNS.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
            for (int i = 0; i < args.steps(); i++) {
                int step = i;
                ctx.once("step-" + i, () -> {
                    EFFECTS.computeIfAbsent(ctx.jobId() + "/" + step, k -> new AtomicInteger()).incrementAndGet();
                    return "done " + step;
                });
                ctx.progress((i + 1.0) / args.steps(), "step " + (i + 1) + " of " + args.steps());
                if (args.stepMs() > 0) Thread.sleep(args.stepMs());
                if (i == 0 && run <= args.failFirst()) {
                    if (args.permanent()) throw new PermanentJobException("bad input: " + args.label());
                    throw new java.io.IOException("flaky upstream (run " + run + ")");
                }
            }
            return JobResult.summary(args.steps() + " steps");
        }
    }

    /** {@code test.slow}: sleeps {@code ms}; its timeout is set short in the tests. */
    record Slow(long ms) implements JobArgs {}

    static final class SlowJob implements JobHandler<Slow> {
        @Override
        public String type() { return "test.slow"; }

        @Override
        public Class<Slow> argsType() { return Slow.class; }

        @Override
        public JobResult run(Slow args, JobContext ctx) throws Exception {
            RUNS.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
            long end = System.currentTimeMillis() + args.ms();
            while (System.currentTimeMillis() < end) {
                ctx.progress(0.5, "sleeping");
                Thread.sleep(50);
            }
            return JobResult.summary("slept");
        }
    }
}
