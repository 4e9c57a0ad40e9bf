package io.llmsvc.gateway.chat;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.Citation;
import io.llmsvc.gateway.agents.Agents;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.gateway.exchange.WatchedStream;
import io.llmsvc.gateway.quota.Admission;
import io.llmsvc.gateway.quota.Estimates;
import io.llmsvc.gateway.quota.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Seed 002's chat service: asks {@link ChatRouting} which agent answers; for the chat model it builds the context
 * (system role, memory, stored session history, the request's own history, the user message) and generates through
 * a worker; for the document agent it asks the question over the caller's documents. The exchange is stored under
 * the session with who answered it.
 */
class ChatService {
    static final int DEFAULT_MAX_TOKENS = 1000;
    static final double DEFAULT_TEMPERATURE = 0.7;
    static final int MAX_MESSAGE_CHARS = 100_000;
    private static final Set<String> HISTORY_ROLES = Set.of("user", "assistant", "system");

    private final WorkerRouter router;
    private final io.llmsvc.gateway.agents.AgentAdmission agentAdmission;
    private final ControllerApi controller;
    private final ChatSessionStore store;
    private final Admission admission;
    private final ChatRouting routing;

    ChatService(WorkerRouter router, ControllerApi controller, ChatSessionStore store, Admission admission, ChatRouting routing,
                io.llmsvc.gateway.agents.AgentAdmission agentAdmission) {
        this.agentAdmission = agentAdmission;
        this.router = router;
        this.controller = controller;
        this.store = store;
        this.admission = admission;
        this.routing = routing;
    }

    /** @param citations with their passage text (the stored {@code answeredBy} keeps them without) */
    record Result(String sessionId, String model, String text, int tokens, AnsweredBy answeredBy, List<Citation> citations) {}

    Result chat(Principal principal, Exchange ex, ChatApiRequest r) {
        String owner = principal.userId();
        if (r.userMessage() == null || r.userMessage().isBlank()) {
            throw LlmsvcException.invalid("user_message", "user_message must not be empty");
        }
        if (r.userMessage().length() > MAX_MESSAGE_CHARS) {
            throw LlmsvcException.invalid("user_message", "user_message is longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        int maxTokens = r.maxTokens() == null ? defaultMaxTokens(r.model()) : r.maxTokens();
        if (maxTokens < 1 || maxTokens > 1 << 20) throw LlmsvcException.invalid("max_tokens", "max_tokens must be between 1 and 1048576");
        double temperature = r.temperature() == null ? DEFAULT_TEMPERATURE : r.temperature();
        if (temperature < 0 || temperature > 2) throw LlmsvcException.invalid("temperature", "temperature must be between 0 and 2");
        String sessionId = r.sessionId() == null || r.sessionId().isBlank() ? UUID.randomUUID().toString() : r.sessionId().strip();
        if (sessionId.length() > 64 || !sessionId.matches("[A-Za-z0-9._:-]+")) {
            throw LlmsvcException.invalid("session_id", "session_id must be 1-64 letters, digits or . _ : -");
        }
        String requested = ChatRouting.requested(r.agent());
        ChatRouting.Choice choice = routing.choose(requested, r.userMessage(), ex);
        if (choice.documents()) return answerFromDocuments(principal, ex, r, sessionId, choice);

        var known = store.find(owner, sessionId);
        String model = r.model() == null || r.model().isBlank() ? defaultModel() : r.model();

        List<ChatMessage> messages = new ArrayList<>();
        if (r.role() != null && !r.role().isBlank()) messages.add(ChatMessage.of("system", r.role()));
        if (r.memoryContext() != null && !r.memoryContext().isEmpty()) {
            messages.add(ChatMessage.of("system", "기억 (memory): " + String.join("\n", r.memoryContext())));
        }
        known.ifPresent(session -> messages.addAll(store.messages(session.key())));
        if (r.conversationHistory() != null) {
            int max = io.llmsvc.gateway.openai.RequestMapper.MAX_MESSAGES;
            if (r.conversationHistory().size() > max) {
                throw LlmsvcException.invalid("conversation_history", "conversation_history takes at most " + max + " messages");
            }
            for (int i = 0; i < r.conversationHistory().size(); i++) messages.add(history(r.conversationHistory().get(i), i));
        }
        messages.add(ChatMessage.of("user", r.userMessage()));

        GenerationRequest g = new GenerationRequest(UUID.randomUUID().toString(), model, messages, null, maxTokens,
                (float) temperature, null, null, List.of(), null, null, null, null);
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        ex.model(model);
        try (Permit permit = admission.admit(principal, model, () -> Estimates.reservation(g, router))) {
            long t = System.nanoTime();
            TokenStream generated;
            try {
                generated = router.generate(g);
            } finally {
                ex.waited(System.nanoTime() - t);
            }
            try (TokenStream stream = new WatchedStream(generated, ex)) {
                while (stream.hasNext()) {
                    GenerationEvent e = stream.next();
                    if (e instanceof GenerationEvent.Delta d && d.text() != null) text.append(d.text());
                    else if (e instanceof GenerationEvent.Done d && d.usage() != null) tokens = d.usage().totalTokens();
                    else if (e instanceof GenerationEvent.Failed f) throw new LlmsvcException(ErrorCode.fromCode(f.code()), f.message());
                }
            }
            permit.settle(tokens);
        }
        AnsweredBy by = new AnsweredBy(ChatRouting.GENERAL, choice.intent(), choice.confidence(), choice.note(), List.of());
        store.append(owner, sessionId, model, r.userMessage(), text.toString(), tokens, by);
        return new Result(sessionId, model, text.toString(), tokens, by, List.of());
    }

    /**
     * The document agent answers over the caller's documents: grounded by the agents' model
     * ({@code llmsvc.agents.model}, else the first loaded) when there is one, else extractive — so this path works
     * without any model. The request's {@code model} is the chat model's and is not passed on: the operator chose
     * the model agents answer with. The session history is not part of the question.
     */
    private Result answerFromDocuments(Principal principal, Exchange ex, ChatApiRequest r, String sessionId, ChatRouting.Choice choice) {
        var request = new AnswerRequest(r.userMessage(), null, null);
        AnswerResponse a = agentAdmission.answer(principal, ex, null,
                () -> Agents.call(ex, Agents.DOCUMENTS, () -> routing.documents().answerQuestion(Agents.callerOf(principal), request)));
        int tokens = a.usage() == null ? 0 : a.usage().totalTokens();
        List<Citation> citations = a.citations() == null ? List.of() : a.citations();
        AnsweredBy by = new AnsweredBy(ChatRouting.DOCUMENTS, choice.intent(), choice.confidence(), choice.note(), citations, a.method(), a.reason());
        String text = a.answer() == null ? "" : a.answer();
        store.append(principal.userId(), sessionId, a.model(), r.userMessage(), text, tokens, by);
        return new Result(sessionId, a.model(), text, tokens, by, citations);
    }

    private String defaultModel() {
        for (ModelCard c : controller.listModels()) {
            if (c.can(ModelCard.CHAT)) return c.id();
        }
        throw new LlmsvcException(ErrorCode.NO_WORKER,
                "no chat model is loaded: put a .gguf file into the models directory or configure an upstream (see README)");
    }

    private static ChatMessage history(JsonNode h, int i) {
        String at = "conversation_history[" + i + "]";
        String role;
        String content;
        if (h.isString()) {
            String s = h.asString();
            int colon = s.indexOf(':');
            if (colon <= 0) throw LlmsvcException.invalid(at, at + " must look like \"role:content\"");
            role = s.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
            content = s.substring(colon + 1).strip();
        } else if (h.isObject()) {
            role = h.path("role").asString("");
            content = h.path("content").asString(null);
        } else {
            throw LlmsvcException.invalid(at, at + " must be a \"role:content\" string or an object");
        }
        if (!HISTORY_ROLES.contains(role)) throw LlmsvcException.invalid(at, at + " has role '" + role + "'; expected user, assistant or system");
        if (content == null) throw LlmsvcException.invalid(at, at + " has no content");
        return ChatMessage.of(role, content);
    }

    /** The seed's default reply bound, or the model's whole context when that is smaller (a default is no demand). */
    private int defaultMaxTokens(String requested) {
        try {
            String model = requested == null || requested.isBlank() ? defaultModel() : requested;
            return model == null ? DEFAULT_MAX_TOKENS : Math.min(DEFAULT_MAX_TOKENS, controller.contextLength(model).orElse(DEFAULT_MAX_TOKENS));
        } catch (LlmsvcException e) {
            return DEFAULT_MAX_TOKENS;
        }
    }
}
