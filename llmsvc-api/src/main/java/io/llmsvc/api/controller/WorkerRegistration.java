package io.llmsvc.api.controller;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.worker.ModelCard;
import java.util.List;

/**
 * A worker announcing itself to the controller.
 *
 * @param workerId unique per worker process
 * @param address  base URL the gateway reaches it on (e.g. {@code http://10.0.0.5:8081})
 * @param models   models it serves
 * @param slots    parallel generations it can run
 */
public record WorkerRegistration(
        @JsonProperty("worker_id") String workerId,
        String address,
        List<ModelCard> models,
        int slots) {}
