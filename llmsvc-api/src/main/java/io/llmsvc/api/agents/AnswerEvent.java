package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a streamed document answer ({@link DocumentsApi#streamAnswer}) sends: one {@link Start}, any number of
 * {@link Delta}s, then exactly one {@link Done} or {@link Failed}. The retrieval is decided before {@code Start};
 * a grounded answer's text then streams as the model writes it, an extractive (or not-found) answer arrives as a
 * single delta. {@code Done} carries the complete answer, as {@link DocumentsApi#answerQuestion} returns it: its
 * {@code answer} is the deltas joined, except when the agents' model failed midway and the answer fell back to the
 * extractive one (reason {@code model_failed}): then {@code Done}'s text replaces what was streamed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AnswerEvent.Start.class, name = "start"),
        @JsonSubTypes.Type(value = AnswerEvent.Delta.class, name = "delta"),
        @JsonSubTypes.Type(value = AnswerEvent.Done.class, name = "done"),
        @JsonSubTypes.Type(value = AnswerEvent.Failed.class, name = "failed")})
public sealed interface AnswerEvent {

    /**
     * The answer's method ({@code llm}, {@code extractive}, {@code none}), the model that writes it (null unless
     * {@code llm}) and the passages it is written from, numbered as the text cites them; {@link Done} has the ones
     * actually cited.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Start(String method, String model, List<Citation> citations) implements AnswerEvent {
        public Start {
            citations = citations == null ? List.of() : List.copyOf(citations);
        }
    }

    /** A piece of the answer's text. */
    record Delta(String text) implements AnswerEvent {}

    /** The complete answer: method, reason, model, usage and the citations the text cites. */
    record Done(AnswerResponse answer) implements AnswerEvent {}

    /** The answer failed after the stream began; {@code code} is an {@link io.llmsvc.api.ErrorCode#code()}. */
    record Failed(String code, String message) implements AnswerEvent {}
}
