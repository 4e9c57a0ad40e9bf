package io.llmsvc.gateway.agents;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.gateway.quota.Admission;
import io.llmsvc.gateway.quota.Permit;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.io.IOException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The caller's key limits for agent answers that may generate (the document agent's answers, from its route and from
 * the chat): requests per minute, concurrency, tokens per minute and the budget are admitted and settled like a
 * {@code /v1} call, and the usage is logged against the caller. Which model the agent uses is its own choice (the
 * request's, else the agents' default), so the allow-list travels with the {@link io.llmsvc.api.agents.Caller} and
 * the agent checks it; a requested model is also checked here. The reservation is the largest context of the models
 * that could answer (a grounded answer is one generation within it).
 */
@Component
@ConditionalOnTarget(Target.GATEWAY)
public class AgentAdmission {
    /** Reserved when no listed model says its context (an upstream model). */
    static final int UNKNOWN_CONTEXT_RESERVATION = 4096;

    private final Admission admission;
    private final ControllerApi controller;

    AgentAdmission(Admission admission, ControllerApi controller) {
        this.admission = admission;
        this.controller = controller;
    }

    /** Runs {@code call} within the caller's limits; {@code requestedModel} null for the agents' default. */
    public AnswerResponse answer(Principal caller, Exchange ex, String requestedModel, Supplier<AnswerResponse> call) {
        String model = requestedModel == null || requestedModel.isBlank() ? null : requestedModel.strip();
        try (Permit permit = admission.admit(caller, model, () -> reservation(model))) {
            AnswerResponse a = call.get();
            settle(permit, ex, a);
            return a;
        }
    }

    /**
     * Streams an answer within the caller's limits: admitted before {@code open} runs, held while {@code write}
     * sends the events, and settled with the final answer's usage. A stream that ends without an answer (failed,
     * or the client went away) gives its reservation back, as a cancelled {@code /v1} stream does.
     */
    public void stream(Principal caller, Exchange ex, String requestedModel, Supplier<AnswerStream> open, StreamWriter write)
            throws IOException {
        String model = requestedModel == null || requestedModel.isBlank() ? null : requestedModel.strip();
        try (Permit permit = admission.admit(caller, model, () -> reservation(model))) {
            AnswerResponse a = write.write(open.get());
            if (a != null) settle(permit, ex, a);
        }
    }

    /** Sends a stream's events; returns its final answer, or null when there was none. */
    @FunctionalInterface
    public interface StreamWriter {
        AnswerResponse write(AnswerStream stream) throws IOException;
    }

    private static void settle(Permit permit, Exchange ex, AnswerResponse a) {
        permit.settle(a.usage() == null ? 0 : a.usage().totalTokens());
        if (a.usage() != null) ex.usage(a.usage());
        if (a.model() != null) ex.model(a.model());
    }

    private int reservation(String model) {
        try {
            if (model != null) return controller.contextLength(model).orElse(UNKNOWN_CONTEXT_RESERVATION);
            return controller.listModels().stream().filter(m -> m.can(ModelCard.CHAT)).mapToInt(ModelCard::contextLength)
                    .filter(c -> c > 0).max().orElse(UNKNOWN_CONTEXT_RESERVATION);
        } catch (LlmsvcException e) {
            return UNKNOWN_CONTEXT_RESERVATION;
        }
    }
}
