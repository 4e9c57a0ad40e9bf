package io.llmsvc.jobs.queue;

import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * What JobRunr stores and hands to a worker: which job and which generation of it to run. The job's own arguments
 * stay in the {@code jobs} table, so JobRunr's records never depend on a feature's classes.
 */
public record RunJobRequest(String jobId, int generation) implements JobRequest {
    @Override
    public Class<RunJobRequestHandler> getJobRequestHandler() {
        return RunJobRequestHandler.class;
    }
}
