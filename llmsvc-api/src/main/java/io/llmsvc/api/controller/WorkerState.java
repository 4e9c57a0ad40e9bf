package io.llmsvc.api.controller;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.worker.ModelCard;
import java.time.Instant;
import java.util.List;

/**
 * The controller's view of a worker.
 *
 * @param state         {@code ready}, {@code cooldown} (recent failures, skipped by dispatch) or {@code expired}
 * @param lastHeartbeat when the worker last reported
 */
public record WorkerState(
        @JsonProperty("worker_id") String workerId,
        String address,
        List<ModelCard> models,
        int slots,
        String state,
        @JsonProperty("queue_length") int queueLength,
        @JsonProperty("active_requests") int activeRequests,
        @JsonProperty("tokens_per_second") double tokensPerSecond,
        @JsonProperty("last_heartbeat") Instant lastHeartbeat,
        @JsonProperty("consecutive_failures") int consecutiveFailures) {}
