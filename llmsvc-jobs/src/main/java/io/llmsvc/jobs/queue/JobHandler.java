package io.llmsvc.jobs.queue;

import io.llmsvc.api.jobs.JobArgs;
import io.llmsvc.api.jobs.JobResult;

/**
 * The code of one job type. Register an implementation as a Spring bean: every process with the database knows the
 * type (so it can be submitted anywhere), the {@code jobs} targets run it.
 *
 * <p>A run may be interrupted (cancel, timeout) and may run again after a transient failure or after its process
 * died, so a handler must be safe to re-run: write results under keys derived from {@link JobContext#jobId()} and
 * wrap side effects that must not happen twice in {@link JobContext#once}. Throw {@link PermanentJobException} for
 * failures a retry cannot mend (bad input); any other exception is transient and retried with backoff.
 *
 * @param <A> the argument record
 */
public interface JobHandler<A extends JobArgs> {

    /** The type name, e.g. {@code files.archive}: lowercase, dots and dashes. */
    String type();

    Class<A> argsType();

    /** Checks arguments at submission; throw {@link io.llmsvc.api.LlmsvcException} (400) for bad ones. */
    default void validate(A args, io.llmsvc.api.agents.Caller owner) {}

    JobResult run(A args, JobContext context) throws Exception;

    /**
     * The arguments of a run created by a recurring schedule ({@code llmsvc.jobs.types.<type>.cron}); null when
     * the type cannot recur (the schedule is then refused at start).
     */
    default A recurringArgs() { return null; }
}
