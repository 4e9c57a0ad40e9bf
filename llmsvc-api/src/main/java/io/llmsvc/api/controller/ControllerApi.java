package io.llmsvc.api.controller;

import io.llmsvc.api.worker.ModelCard;
import java.util.List;

/**
 * The controller: a registry of model workers and the dispatch policy that picks one per request. It is never on
 * the token path. Every call requires the cluster credential when made over HTTP.
 */
public interface ControllerApi {

    void registerWorker(WorkerRegistration registration);

    HeartbeatAck receiveHeartbeat(WorkerHeartbeat heartbeat);

    void unregisterWorker(String workerId);

    /**
     * Picks a worker for a model.
     *
     * @throws io.llmsvc.api.LlmsvcException {@code MODEL_NOT_FOUND} when no live worker has ever offered the model,
     *                                        {@code NO_WORKER} when all that do are excluded or cooling down
     */
    WorkerLease leaseWorker(LeaseRequest request);

    /** A caller could not reach a worker or it failed mid-request; the controller cools it down. */
    void reportWorkerFailure(String workerId, String reason);

    /** Models of live workers, one entry per model id. */
    List<ModelCard> listModels();

    /** The context per request of a listed model, when it has one (upstream models may not say). */
    default java.util.Optional<Integer> contextLength(String model) {
        return listModels().stream().filter(m -> m.id().equals(model) && m.contextLength() > 0)
                .map(ModelCard::contextLength).findFirst();
    }

    List<WorkerState> listWorkers();
}
