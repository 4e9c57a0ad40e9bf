package io.llmsvc.api.jobs;

import io.llmsvc.api.agents.Caller;
import java.util.List;

/**
 * The job queue. Submissions are durable once this returns: the job survives a restart of any process and runs on
 * one of the {@code jobs} targets. Callers see their own jobs; admins see every job. Errors are
 * {@link io.llmsvc.api.LlmsvcException}s (404 for a job the caller may not see, 400 for arguments the job type
 * rejects, 409 for an idempotency key reused with other arguments).
 */
public interface JobsApi {

    /**
     * Queues a job of the type that {@code args} belongs to, owned by {@code owner}.
     *
     * @param idempotencyKey null, or a key that makes the submission happen once: the same owner submitting the
     *                       same type with the same key gets the existing job back
     */
    JobInfo submitJob(Caller owner, JobArgs args, String idempotencyKey);

    JobInfo getJob(Caller caller, String id);

    List<JobInfo> listJobs(Caller caller, JobQuery query);

    /** Cancels a queued or running job (a running one is interrupted); a finished job is returned unchanged. */
    JobInfo cancelJob(Caller caller, String id);

    /** The recurring schedules (admins only). */
    List<RecurringJobInfo> listRecurring(Caller caller);

    /** The typed arguments of a job the caller may see (for the feature that owns its type). */
    <A extends JobArgs> A jobArgs(Caller caller, String id, Class<A> type);
}
