package io.llmsvc.jobs.queue;

/** Thrown into a job's code when its run no longer owns the job: it was cancelled, or taken over after a stall. */
public class JobCancelledException extends RuntimeException {
    public JobCancelledException(String message) {
        super(message);
    }
}
