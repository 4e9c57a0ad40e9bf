package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /api/documents/answer}: a question over the caller's documents; {@code topK} passages (default 5). */
public record AnswerRequest(String question, @JsonProperty("top_k") Integer topK, String model) {}
