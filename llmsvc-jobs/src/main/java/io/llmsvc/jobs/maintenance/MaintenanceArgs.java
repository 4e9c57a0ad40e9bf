package io.llmsvc.jobs.maintenance;

import io.llmsvc.api.jobs.JobArgs;

/** Arguments of the maintenance jobs: none; the settings say what to keep. */
public final class MaintenanceArgs {
    private MaintenanceArgs() {}

    /** {@code jobs.prune}. */
    public record PruneJobs() implements JobArgs {}

    /** {@code files.cleanup}. */
    public record CleanupFiles() implements JobArgs {}
}
