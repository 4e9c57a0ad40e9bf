package io.llmsvc.agents.embedding;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.dispatch.WorkerRouter;

/** Builds the configured {@link Embedder}; also used by the benchmarks and tests outside Spring. */
public final class Embedders {

    /** @param router needed by the {@code worker} provider only */
    public static Embedder create(EmbeddingProperties settings, WorkerRouter router) {
        settings.validate();
        return switch (settings.provider()) {
            case "onnx" -> new OnnxFolderEmbedder(settings);
            case "worker" -> {
                if (router == null) throw new InvalidSettingException("llmsvc.agents.embeddings.provider", "worker needs the worker dispatch of this process");
                yield new WorkerEmbedder(router, settings);
            }
            case "upstream" -> new UpstreamEmbedder(settings);
            default -> {
                if (settings.dimensions() != null && settings.dimensions() != 384) {
                    throw new InvalidSettingException("llmsvc.agents.embeddings.dimensions", "384 for the builtin model, or unset");
                }
                yield new BuiltinEmbedder();
            }
        };
    }

    /** True when the embedder's vector size is known without calling its model (local models, configured size). */
    public static boolean dimensionsKnown(Embedder embedder) {
        return !(embedder instanceof ModelEmbedder m) || m.dimensionsKnown();
    }

    private Embedders() {}
}
