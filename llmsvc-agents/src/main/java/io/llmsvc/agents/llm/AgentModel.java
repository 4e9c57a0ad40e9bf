package io.llmsvc.agents.llm;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.ResponseFormat;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The chat model an agent may use, reached like any client reaches one: the controller says where, a worker
 * generates. Which model: {@code llmsvc.agents.model} when set, else the first chat model the controller lists.
 * When none is loaded, {@link #chatModel()} is empty and agents fall back to their non-LLM methods (and say so).
 */
public final class AgentModel {
    private final WorkerRouter router;
    private final ControllerApi controller;
    private final String configured;

    public AgentModel(WorkerRouter router, ControllerApi controller, String configuredModel) {
        this.router = router;
        this.controller = controller;
        this.configured = configuredModel == null || configuredModel.isBlank() ? null : configuredModel.strip();
    }

    /** The model agents use right now, if any is loaded; a controller that cannot be reached counts as none. */
    public Optional<String> chatModel() {
        try {
            List<ModelCard> models = controller.listModels();
            if (configured != null) {
                return models.stream().anyMatch(m -> m.id().equals(configured)) ? Optional.of(configured) : Optional.empty();
            }
            return models.stream().filter(m -> m.capabilities().contains(ModelCard.CHAT)).map(ModelCard::id).findFirst();
        } catch (LlmsvcException e) {
            return Optional.empty();
        }
    }

    /**
     * One non-streamed chat completion at temperature 0.
     *
     * @param format null, or a {@code json_schema} constraint
     */
    public Completion complete(String model, List<ChatMessage> messages, int maxTokens, ResponseFormat format) {
        TokenStream stream = generate(model, messages, maxTokens, format);
        StringBuilder text = new StringBuilder();
        try {
            while (stream.hasNext()) {
                switch (stream.next()) {
                    case GenerationEvent.Delta d -> { if (d.text() != null) text.append(d.text()); }
                    case GenerationEvent.Done done -> { return new Completion(model, text.toString(), done.finishReason(), done.usage()); }
                    case GenerationEvent.Failed f -> throw new LlmsvcException(ErrorCode.fromCode(f.code()), f.message());
                }
            }
        } finally {
            stream.cancel();
        }
        throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "the model's stream ended without a result");
    }

    /**
     * One streamed chat completion at temperature 0, as {@link #complete} makes it; the caller reads the events and
     * must close the stream (closing early cancels the generation).
     */
    public TokenStream generate(String model, List<ChatMessage> messages, int maxTokens, ResponseFormat format) {
        // an agent's reply bound is a ceiling, not a demand: a model with a smaller context gets what it holds
        // (a max_tokens above the context is refused, as it is for any client)
        maxTokens = Math.min(maxTokens, contextOf(model).orElse(maxTokens));
        GenerationRequest req = new GenerationRequest("agent-" + UUID.randomUUID(), model, messages, null, maxTokens,
                0f, null, 0, null, format, null, null, null);
        return router.generate(req);
    }

    /** The model's context per request, when the controller lists it with one. */
    private Optional<Integer> contextOf(String model) {
        try {
            return controller.contextLength(model);
        } catch (LlmsvcException e) {
            return Optional.empty();
        }
    }

    /** What a model answered and why it stopped. */
    public record Completion(String model, String text, FinishReason finishReason, io.llmsvc.api.worker.Usage usage) {}
}
