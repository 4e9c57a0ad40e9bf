package io.llmsvc.api.worker;

/**
 * What a model worker offers to the gateway (and what a model runner offers to its worker). In one process the
 * caller gets the worker bean itself; across processes an HTTP client with the same contract.
 * Errors are thrown as {@link io.llmsvc.api.LlmsvcException}.
 */
public interface WorkerApi {

    /** Starts a generation; events arrive through the returned stream. */
    TokenStream generate(GenerationRequest request);

    EmbeddingResult embed(EmbeddingRequest request);

    TokenizeResult tokenize(TokenizeRequest request);

    WorkerStatus status();
}
