package io.llmsvc.agents.embedding;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import java.time.Duration;
import java.util.List;

/**
 * A GGUF embedding model served by our workers through the llama.cpp runner, reached like any client reaches it:
 * the controller says which worker, the worker embeds. Id: {@code worker:<model>}.
 *
 * <p>Workers load and register their models while the process (or the cluster) starts, so until the first call
 * succeeds a missing model is waited for, up to {@code startup-wait}; afterwards a missing model fails at once.
 */
final class WorkerEmbedder extends ModelEmbedder {
    private final WorkerRouter router;
    private final String model;
    private final long waitUntilNanos;
    private volatile boolean served;

    WorkerEmbedder(WorkerRouter router, EmbeddingProperties p) {
        super("worker:" + p.worker().model(), p.queryPrefix(), p.passagePrefix(), p.batchSize(), p.dimensions());
        this.router = router;
        this.model = p.worker().model();
        this.waitUntilNanos = System.nanoTime() + p.worker().startupWait().toNanos();
    }

    @Override
    protected List<float[]> embedBatch(List<String> texts) {
        while (true) {
            try {
                List<float[]> vectors = router.embed(new EmbeddingRequest(model, texts, null)).vectors();
                served = true;
                return vectors;
            } catch (LlmsvcException e) {
                boolean absent = e.code() == ErrorCode.NO_WORKER || e.code() == ErrorCode.MODEL_NOT_FOUND
                        || e.code() == ErrorCode.UNAVAILABLE;
                if (served || !absent || System.nanoTime() > waitUntilNanos) {
                    throw new LlmsvcException(e.code(), "embedding model '" + model + "' (llmsvc.agents.embeddings.worker.model): " + e.getMessage());
                }
                pause(Duration.ofMillis(250));
            }
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the embedding model");
        }
    }
}
