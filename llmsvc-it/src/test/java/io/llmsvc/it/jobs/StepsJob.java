package io.llmsvc.it.jobs;

import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.jobs.JobArgs;
import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.jobs.queue.JobContext;
import io.llmsvc.jobs.queue.JobHandler;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code it.steps}, a job type of the failover tests only (it is on the test class path, never in the jar): {@code steps}
 * steps of {@code stepMs} each. Each step's side effect is a row in {@code it_effects} (job, step, the pid of the process
 * that did it) done through {@link JobContext#once}, so a test can count what a re-run repeated.
 */
@Component
@ConditionalOnTarget({Target.JOBS, Target.GATEWAY})
public class StepsJob implements JobHandler<StepsJob.Steps> {
    public static final String TYPE = "it.steps";
    public static final String TABLE = "create table if not exists it_effects (id bigserial primary key, job_id varchar(64) not null, step int not null, pid bigint not null)";

    public record Steps(int steps, long stepMs) implements JobArgs {}

    private final JdbcTemplate jdbc;

    public StepsJob(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String type() { return TYPE; }

    @Override
    public Class<Steps> argsType() { return Steps.class; }

    @Override
    public void validate(Steps args, Caller owner) {
        if (args.steps() < 1 || args.stepMs() < 0) throw io.llmsvc.api.LlmsvcException.invalid("steps", "steps >= 1, stepMs >= 0");
    }

    @Override
    public JobResult run(Steps args, JobContext ctx) throws Exception {
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < args.steps(); i++) {
            int step = i;
            ctx.once("step-" + i, () -> {
                jdbc.update("insert into it_effects (job_id, step, pid) values (?, ?, ?)", ctx.jobId(), step, pid);
                return Long.toString(pid);
            });
            ctx.progress((i + 1.0) / args.steps(), "step " + (i + 1) + " of " + args.steps());
            Thread.sleep(args.stepMs());
        }
        return JobResult.summary(args.steps() + " steps, last run in process " + pid);
    }
}
