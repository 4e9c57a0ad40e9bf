package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * One message of a conversation as a worker sees it: the text is already flattened from OpenAI content parts.
 * {@code toolCalls} and {@code toolCallId} are kept as raw JSON so that upstream engines can forward them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        String role,
        String content,
        String name,
        @JsonProperty("tool_calls") JsonNode toolCalls,
        @JsonProperty("tool_call_id") String toolCallId) {

    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, null, null, null);
    }
}
