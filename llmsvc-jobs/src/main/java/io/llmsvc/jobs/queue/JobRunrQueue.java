package io.llmsvc.jobs.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;

/**
 * Our side of JobRunr: one JobRunr job per (job, generation), with an id derived from both, so enqueueing the same
 * generation twice (a retried submit, the watchdog) makes one JobRunr job.
 */
public final class JobRunrQueue {
    private final JobRequestScheduler scheduler;
    private final StorageProvider storage;

    public JobRunrQueue(JobRequestScheduler scheduler, StorageProvider storage) {
        this.scheduler = scheduler;
        this.storage = storage;
    }

    static UUID ref(String jobId, int generation) {
        return UUID.nameUUIDFromBytes(("llmsvc-job:" + jobId + ":" + generation).getBytes(StandardCharsets.UTF_8));
    }

    /** Enqueues generation {@code generation} of a job, to run now or at {@code at}; returns the JobRunr id. */
    public UUID enqueue(String jobId, int generation, Instant at) {
        UUID ref = ref(jobId, generation);
        RunJobRequest request = new RunJobRequest(jobId, generation);
        if (at == null || !at.isAfter(Instant.now())) scheduler.enqueue(ref, request);
        else scheduler.schedule(ref, at, request);
        return ref;
    }

    /** Whether JobRunr still has a job for this generation that has not finished. */
    public Presence presence(String jobId, int generation) {
        try {
            Job job = storage.getJobById(ref(jobId, generation));
            StateName s = job.getState();
            return s == StateName.SUCCEEDED || s == StateName.DELETED || s == StateName.FAILED ? Presence.FINISHED : Presence.PENDING;
        } catch (JobNotFoundException e) {
            return Presence.MISSING;
        }
    }

    public enum Presence { MISSING, PENDING, FINISHED }

    /** Removes the JobRunr job of a generation (a running one is interrupted by the server running it). */
    public void delete(String jobId, int generation) {
        try {
            scheduler.delete(ref(jobId, generation), "cancelled");
        } catch (JobNotFoundException ignored) {
            // never enqueued, or already cleaned up
        }
    }

    /**
     * Creates or updates a recurring schedule. JobRunr's SQL storage saves one with "update, else insert": two
     * {@code jobs} processes starting at once on one database can both insert, and the second gets a duplicate key;
     * tried again, it finds the row and updates it.
     */
    public void scheduleRecurring(String type, String cron, ZoneId zone) {
        for (int attempt = 1; ; attempt++) {
            try {
                scheduler.scheduleRecurrently(recurringId(type), cron, zone, new FireRecurringRequest(type));
                return;
            } catch (org.jobrunr.storage.StorageException e) {
                if (attempt == 3) throw e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public void deleteRecurringById(String id) {
        scheduler.deleteRecurringJob(id);
    }

    /** JobRunr's recurring ids take letters and digits only: {@code llmsvc} + the type with its separators spelled out. */
    static String recurringId(String type) {
        return RECURRING_PREFIX + type.replace(".", "0dot0").replace("-", "0dash0");
    }

    static final String RECURRING_PREFIX = "llmsvc";

    public StorageProvider storage() { return storage; }
}
