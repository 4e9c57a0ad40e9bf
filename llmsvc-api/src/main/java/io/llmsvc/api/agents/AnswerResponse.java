package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An answer from the documents.
 *
 * @param method {@code llm} (grounded generation, {@code model} names the model), {@code extractive} (the best
 *               passages quoted, no LLM involved) or {@code none} (nothing relevant was found: no model was asked)
 * @param found  false when no passage was relevant: the answer then says so instead of guessing
 * @param reason why an answer is extractive: {@code no_model} (no chat model is loaded), {@code context_too_small}
 *               (even the best passage does not fit the model's context), {@code model_failed} or
 *               {@code model_not_allowed} (the caller's API key may not use the agents' model); null otherwise
 * @param usage  the tokens the model used for a {@code llm} answer (charged to the caller's key); null otherwise
 */
public record AnswerResponse(String answer, List<Citation> citations, String method, String model, boolean found,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                             @JsonInclude(JsonInclude.Include.NON_NULL) io.llmsvc.api.worker.Usage usage) {
    public static final String NO_MODEL = "no_model";
    public static final String CONTEXT_TOO_SMALL = "context_too_small";
    public static final String MODEL_FAILED = "model_failed";
    public static final String MODEL_NOT_ALLOWED = "model_not_allowed";

    /** An answer no model wrote, or one without a reason to give. */
    public AnswerResponse(String answer, List<Citation> citations, String method, String model, boolean found) {
        this(answer, citations, method, model, found, null, null);
    }

    /** An answer no model wrote ({@code usage} null), with the reason. */
    public AnswerResponse(String answer, List<Citation> citations, String method, String model, boolean found, String reason) {
        this(answer, citations, method, model, found, reason, null);
    }
}
