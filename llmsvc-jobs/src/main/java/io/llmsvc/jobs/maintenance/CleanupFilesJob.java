package io.llmsvc.jobs.maintenance;

import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.jobs.queue.JobContext;
import io.llmsvc.jobs.queue.JobHandler;
import io.llmsvc.jobs.storage.FileStore;
import java.time.Clock;

/**
 * {@code files.cleanup} (recurring, hourly by default): removes uploads whose bytes never arrived within
 * {@code llmsvc.files.pending-ttl}, with whatever part of them reached the store.
 */
public class CleanupFilesJob implements JobHandler<MaintenanceArgs.CleanupFiles> {
    private final FileStore files;
    private final Clock clock;

    public CleanupFilesJob(FileStore files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    @Override
    public String type() { return "files.cleanup"; }

    @Override
    public Class<MaintenanceArgs.CleanupFiles> argsType() { return MaintenanceArgs.CleanupFiles.class; }

    @Override
    public MaintenanceArgs.CleanupFiles recurringArgs() { return new MaintenanceArgs.CleanupFiles(); }

    @Override
    public JobResult run(MaintenanceArgs.CleanupFiles args, JobContext ctx) {
        int n = files.removeStalePending(clock.instant().minus(files.properties().pendingTtl()));
        return JobResult.summary("removed " + n + " unfinished uploads");
    }
}
