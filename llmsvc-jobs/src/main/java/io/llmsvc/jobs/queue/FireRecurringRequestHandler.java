package io.llmsvc.jobs.queue;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * Submits the job of one firing of a recurring schedule. The JobRunr job's id is the idempotency key, so a firing
 * that JobRunr retries still makes one job.
 */
public class FireRecurringRequestHandler implements JobRequestHandler<FireRecurringRequest> {
    private final JobQueue queue;

    public FireRecurringRequestHandler(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    public void run(FireRecurringRequest request) {
        queue.submitRecurring(request.type(), "recurring:" + jobContext().getJobId());
    }
}
