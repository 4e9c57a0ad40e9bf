package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A worker's load as it reports it in heartbeats.
 *
 * @param queueLength     requests waiting for a slot
 * @param activeRequests  requests being generated
 * @param slots           parallel generations it can run
 * @param tokensPerSecond recent decode speed over all slots (0 when idle or unknown)
 */
public record WorkerStatus(
        @JsonProperty("worker_id") String workerId,
        List<ModelCard> models,
        @JsonProperty("queue_length") int queueLength,
        @JsonProperty("active_requests") int activeRequests,
        int slots,
        @JsonProperty("tokens_per_second") double tokensPerSecond) {}
