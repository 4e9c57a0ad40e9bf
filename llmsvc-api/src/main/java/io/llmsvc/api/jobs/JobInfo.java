package io.llmsvc.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A job as its owner sees it.
 *
 * @param type            the job type, e.g. {@code files.archive}
 * @param ownerId         the user who submitted it, or {@code system} for recurring jobs
 * @param progress        0..1
 * @param progressMessage what the job is doing now
 * @param attempts        runs started so far (a retry or a re-run after a worker died counts)
 * @param maxAttempts     runs allowed before a transient failure becomes final
 * @param error           why the job failed (or, while queued again, why its last attempt failed)
 * @param nextAttemptAt   when a job queued again after a transient failure runs next
 * @param recurring       the recurring schedule that created it, or null
 */
public record JobInfo(
        String id,
        String type,
        @JsonProperty("owner_id") String ownerId,
        JobState state,
        double progress,
        @JsonProperty("progress_message") String progressMessage,
        int attempts,
        @JsonProperty("max_attempts") int maxAttempts,
        JobResult result,
        String error,
        @JsonProperty("idempotency_key") String idempotencyKey,
        String recurring,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("updated_at") Instant updatedAt) {}
