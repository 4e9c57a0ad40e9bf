package io.llmsvc.worker.engine;

import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;

/**
 * One model behind one backend: in-process llama.cpp (through a supervised runner process) or an OpenAI-compatible
 * upstream. The worker's slot accounting sits in front of it, so an engine may assume at most {@link #slots()}
 * concurrent {@link #generate} calls. Errors are {@link io.llmsvc.api.LlmsvcException}s.
 */
public interface InferenceEngine extends AutoCloseable {

    /** What the controller and {@code /v1/models} show for this model. */
    ModelCard card();

    /** Parallel generations this engine runs at once. */
    int slots();

    /**
     * Starts a generation. Chat requests carry messages; the engine applies the model's chat template itself.
     * Must throw {@code CONTEXT_LENGTH_EXCEEDED} (400) rather than truncate a prompt that does not fit.
     */
    TokenStream generate(GenerationRequest request);

    EmbeddingResult embed(EmbeddingRequest request);

    TokenizeResult tokenize(TokenizeRequest request);

    /** Stops the backend (for llama.cpp: the runner process); the engine is unusable afterwards. */
    @Override
    void close();
}
