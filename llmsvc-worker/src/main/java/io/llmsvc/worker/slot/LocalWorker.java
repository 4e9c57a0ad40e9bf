package io.llmsvc.worker.slot;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.api.worker.WorkerStatus;
import io.llmsvc.worker.engine.InferenceEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker role in this process: its engines by model id, each behind its {@link ModelSlots}. The gateway in
 * the same process calls this bean directly; other processes reach it through the worker endpoints.
 */
public final class LocalWorker implements WorkerApi, AutoCloseable {
    private final String workerId;
    private final Map<String, ModelSlots> models = new LinkedHashMap<>();

    public LocalWorker(String workerId, List<InferenceEngine> engines) {
        this.workerId = workerId;
        for (InferenceEngine e : engines) {
            if (models.putIfAbsent(e.card().id(), new ModelSlots(e)) != null) {
                throw new IllegalArgumentException("two models are named '" + e.card().id() + "'");
            }
        }
    }

    public String workerId() { return workerId; }

    public List<ModelCard> models() {
        List<ModelCard> cards = new ArrayList<>(models.size());
        for (ModelSlots s : models.values()) cards.add(s.engine().card());
        return cards;
    }

    public int totalSlots() {
        int n = 0;
        for (ModelSlots s : models.values()) n += s.engine().slots();
        return n;
    }

    @Override
    public TokenStream generate(GenerationRequest request) {
        return slots(request.model()).generate(request);
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        ModelSlots s = slots(request.model());
        if (!s.engine().card().can(ModelCard.EMBEDDINGS)) {
            throw new LlmsvcException(ErrorCode.INVALID_REQUEST, "model " + request.model() + " does not serve embeddings", "model");
        }
        return s.engine().embed(request);
    }

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        return slots(request.model()).engine().tokenize(request);
    }

    @Override
    public WorkerStatus status() {
        int queued = 0, active = 0;
        double tps = 0;
        for (ModelSlots s : models.values()) {
            queued += s.waiting();
            active += s.active();
            tps += s.tokensPerSecond();
        }
        return new WorkerStatus(workerId, models(), queued, active, totalSlots(), tps);
    }

    public WorkerHeartbeat heartbeat() {
        WorkerStatus s = status();
        return new WorkerHeartbeat(workerId, s.queueLength(), s.activeRequests(), s.tokensPerSecond());
    }

    private ModelSlots slots(String model) {
        ModelSlots s = model == null ? null : models.get(model);
        if (s == null) {
            throw new LlmsvcException(ErrorCode.MODEL_NOT_FOUND, "model '" + model + "' is not served by worker " + workerId, "model");
        }
        return s;
    }

    @Override
    public void close() {
        for (ModelSlots s : models.values()) {
            try {
                s.engine().close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
    }
}
