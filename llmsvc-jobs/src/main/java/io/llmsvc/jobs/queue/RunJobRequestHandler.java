package io.llmsvc.jobs.queue;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** JobRunr's entry into {@link JobRunner}: a bean of the {@code jobs} target, found through the Spring context. */
public class RunJobRequestHandler implements JobRequestHandler<RunJobRequest> {
    private final JobRunner runner;

    public RunJobRequestHandler(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public void run(RunJobRequest request) throws Exception {
        runner.runJob(request.jobId(), request.generation());
    }
}
