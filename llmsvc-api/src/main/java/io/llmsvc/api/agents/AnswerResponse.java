package io.llmsvc.api.agents;

import java.util.List;

/**
 * An answer from the documents.
 *
 * @param method {@code llm} (grounded generation, {@code model} names the model), {@code extractive} (the best
 *               passages quoted, no LLM involved) or {@code none} (nothing relevant was found: no model was asked)
 * @param found  false when no passage was relevant: the answer then says so instead of guessing
 */
public record AnswerResponse(String answer, List<Citation> citations, String method, String model, boolean found) {}
