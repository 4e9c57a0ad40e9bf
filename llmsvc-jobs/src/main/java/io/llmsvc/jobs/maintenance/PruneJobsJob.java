package io.llmsvc.jobs.maintenance;

import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.jobs.queue.JobContext;
import io.llmsvc.jobs.queue.JobHandler;
import io.llmsvc.jobs.queue.JobStore;
import io.llmsvc.jobs.queue.JobsProperties;
import java.time.Clock;

/** {@code jobs.prune} (recurring, daily by default): removes finished jobs older than {@code llmsvc.jobs.retention}. */
public class PruneJobsJob implements JobHandler<MaintenanceArgs.PruneJobs> {
    private final JobStore store;
    private final JobsProperties props;
    private final Clock clock;

    public PruneJobsJob(JobStore store, JobsProperties props, Clock clock) {
        this.store = store;
        this.props = props;
        this.clock = clock;
    }

    @Override
    public String type() { return "jobs.prune"; }

    @Override
    public Class<MaintenanceArgs.PruneJobs> argsType() { return MaintenanceArgs.PruneJobs.class; }

    @Override
    public MaintenanceArgs.PruneJobs recurringArgs() { return new MaintenanceArgs.PruneJobs(); }

    @Override
    public JobResult run(MaintenanceArgs.PruneJobs args, JobContext ctx) {
        int n = store.pruneFinished(clock.instant().minus(props.retention()));
        return JobResult.summary("removed " + n + " finished jobs older than " + props.retention().toDays() + " days");
    }
}
