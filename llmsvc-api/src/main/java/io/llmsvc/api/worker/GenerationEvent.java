package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/**
 * What a worker streams back for one {@link GenerationRequest}: any number of {@link Delta}s, then exactly one
 * {@link Done} or {@link Failed}. Deltas are text pieces, not tokens (token counts come in {@link Done}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(value = GenerationEvent.Delta.class, name = "delta"),
        @JsonSubTypes.Type(value = GenerationEvent.Done.class, name = "done"),
        @JsonSubTypes.Type(value = GenerationEvent.Failed.class, name = "failed")})
public sealed interface GenerationEvent {

    /** A piece of generated text; {@code toolCalls} carries an upstream's raw tool-call delta when present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String text, JsonNode toolCalls) implements GenerationEvent {
        public static Delta text(String text) { return new Delta(text, null); }
    }

    /** The end of a generation: why it stopped and the token usage counted by the engine's tokenizer. */
    record Done(FinishReason finishReason, Usage usage) implements GenerationEvent {}

    /** The generation failed; {@code code} is an {@link io.llmsvc.api.ErrorCode#code()}. */
    record Failed(String code, String message) implements GenerationEvent {}
}
