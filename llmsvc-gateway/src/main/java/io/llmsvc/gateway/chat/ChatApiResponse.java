package io.llmsvc.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Seed 002's chat response; {@code response_time} is in seconds. On failure {@code success} is false. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ChatApiResponse(
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("response_text") String responseText,
        @JsonProperty("total_tokens_used") int totalTokensUsed,
        @JsonProperty("response_time") double responseTime,
        boolean success,
        @JsonProperty("error_message") String errorMessage,
        String model,
        @JsonProperty("error_code") String errorCode) {}
