package io.llmsvc.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.agents.Citation;
import java.util.List;

/**
 * Seed 002's chat response; {@code response_time} is in seconds. On failure {@code success} is false. Seed 001's
 * fields say who answered: {@code intent} and {@code confidence} as the router read the message (null when it was
 * not asked), {@code service_used} the agent that answered ({@code documents}, {@code general}), {@code citations}
 * the numbered sources of a documents answer, {@code note} anything the reader should know about the routing;
 * {@code method} how a documents answer was made ({@code llm}, {@code extractive}, {@code none}) and {@code reason}
 * why it is extractive ({@code no_model}, {@code context_too_small}, {@code model_failed}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ChatApiResponse(
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("response_text") String responseText,
        @JsonProperty("total_tokens_used") int totalTokensUsed,
        @JsonProperty("response_time") double responseTime,
        boolean success,
        @JsonProperty("error_message") String errorMessage,
        String model,
        @JsonProperty("error_code") String errorCode,
        String intent,
        @JsonProperty("service_used") String serviceUsed,
        Double confidence,
        List<Citation> citations,
        String note,
        String method,
        String reason) {

    static ChatApiResponse failure(String sessionId, double responseTime, String message, String code) {
        return new ChatApiResponse(sessionId, "", 0, responseTime, false, message, null, code, null, null, null, List.of(), null, null, null);
    }
}
