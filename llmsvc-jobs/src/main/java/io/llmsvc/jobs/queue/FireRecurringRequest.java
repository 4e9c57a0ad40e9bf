package io.llmsvc.jobs.queue;

import org.jobrunr.jobs.lambdas.JobRequest;

/** What a JobRunr recurring job does each time it fires: submit one job of {@code type}, owned by the system. */
public record FireRecurringRequest(String type) implements JobRequest {
    @Override
    public Class<FireRecurringRequestHandler> getJobRequestHandler() {
        return FireRecurringRequestHandler.class;
    }
}
