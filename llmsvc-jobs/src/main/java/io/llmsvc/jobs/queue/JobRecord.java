package io.llmsvc.jobs.queue;

import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.api.jobs.JobState;
import java.time.Instant;

/** One row of the {@code jobs} table. */
public record JobRecord(
        String id, String type, String ownerId, String args, JobState state, double progress, String progressMessage,
        int attempts, int maxAttempts, int generation, String runId, String runnerRef, JobResult result, String error,
        String idempotencyKey, String recurring, Instant createdAt, Instant startedAt, Instant finishedAt,
        Instant nextAttemptAt, Instant heartbeatAt, Instant updatedAt) {

    public JobInfo info() {
        return new JobInfo(id, type, ownerId, state, progress, progressMessage, attempts, maxAttempts, result, error,
                idempotencyKey, recurring, createdAt, startedAt, finishedAt, nextAttemptAt, updatedAt);
    }
}
