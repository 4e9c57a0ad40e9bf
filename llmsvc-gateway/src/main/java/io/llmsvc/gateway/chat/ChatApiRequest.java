package io.llmsvc.gateway.chat;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Seed 002's chat request. {@code role} is the system role (alias {@code system_role}); {@code memory_context}
 * lines become one system message; {@code conversation_history} holds {@code "role:content"} strings or
 * {@code {"role","content"}} objects. {@code agent} chooses who answers: {@code auto} (default: the router
 * decides), {@code general} (the chat model) or {@code documents} (the document agent); see {@link ChatRouting}.
 */
record ChatApiRequest(
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("user_message") String userMessage,
        @JsonAlias("system_role") String role,
        @JsonProperty("memory_context") List<String> memoryContext,
        @JsonProperty("conversation_history") List<JsonNode> conversationHistory,
        String model,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        String agent) {}
