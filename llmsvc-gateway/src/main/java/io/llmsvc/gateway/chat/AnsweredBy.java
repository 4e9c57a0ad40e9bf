package io.llmsvc.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmsvc.api.agents.Citation;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which agent wrote an assistant message and why: the agent ({@code documents}, {@code general}), the intent the
 * router read and its confidence (null when the router was not asked), a note for the reader (an agent that is not
 * available, a router that could not be reached), the citations of a documents answer, and how it was answered
 * ({@code method}: {@code llm}, {@code extractive}, {@code none}; {@code reason}: why an answer is extractive —
 * {@code no_model}, {@code context_too_small}, {@code model_failed}). Stored with the message as JSON; citations are stored without their passage text (the passage is fetched when a citation is opened).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AnsweredBy(String agent, String intent, Double confidence, String note, List<Citation> citations, String method, String reason) {
    static final java.util.Set<String> METHODS = java.util.Set.of("llm", "extractive", "none");
    static final java.util.Set<String> REASONS = java.util.Set.of(io.llmsvc.api.agents.AnswerResponse.NO_MODEL,
            io.llmsvc.api.agents.AnswerResponse.CONTEXT_TOO_SMALL, io.llmsvc.api.agents.AnswerResponse.MODEL_FAILED, io.llmsvc.api.agents.AnswerResponse.MODEL_NOT_ALLOWED);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    AnsweredBy {
        citations = citations == null ? List.of() : List.copyOf(citations);
    }

    AnsweredBy(String agent, String intent, Double confidence, String note, List<Citation> citations) {
        this(agent, intent, confidence, note, citations, null, null);
    }

    static AnsweredBy general() {
        return new AnsweredBy("general", null, null, null, List.of());
    }

    String toJson() {
        List<Citation> refs = citations.stream()
                .map(c -> new Citation(c.number(), c.documentId(), c.chunkId(), c.title(), c.source(), c.page(), null)).toList();
        return JSON.writeValueAsString(new AnsweredBy(agent, intent, confidence, note, refs, method, reason));
    }

    /** The stored value, or null for none or one that cannot be read (it is display data, never worth an error). */
    static AnsweredBy fromJson(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            return JSON.readValue(json, AnsweredBy.class);
        } catch (JacksonException e) {
            return null;
        }
    }
}
