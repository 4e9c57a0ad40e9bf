package io.llmsvc.jobs.queue;

/** A job failure that a retry cannot mend (bad input, a missing file): the job fails at once with this message. */
public class PermanentJobException extends RuntimeException {
    public PermanentJobException(String message) {
        super(message);
    }

    public PermanentJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
