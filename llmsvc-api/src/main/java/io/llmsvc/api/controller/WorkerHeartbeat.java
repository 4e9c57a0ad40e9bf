package io.llmsvc.api.controller;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Periodic load report from a worker. */
public record WorkerHeartbeat(
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("queue_length") int queueLength,
        @JsonProperty("active_requests") int activeRequests,
        @JsonProperty("tokens_per_second") double tokensPerSecond) {}
