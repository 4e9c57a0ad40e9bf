package io.llmsvc.gateway.chat;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.gateway.agents.Agents;
import io.llmsvc.gateway.exchange.Exchange;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which agent answers a chat message. By default ({@code agent} absent or {@code auto}) the router reads the
 * message: {@code document_search} goes to the document agent, {@code general} to the chat model; intents whose
 * agent does not exist yet (employees, clients) or is not deployed are answered by the chat model with a note
 * saying so. {@code agent: general} skips the router, {@code agent: documents} asks the document agent directly.
 * Without a router in the deployment every message goes to the chat model, as before the agents existed; a router
 * that fails does not fail the chat (the chat model answers, with a note).
 */
final class ChatRouting {
    private static final Logger log = LoggerFactory.getLogger(ChatRouting.class);
    static final String AUTO = "auto";
    static final String GENERAL = "general";
    static final String DOCUMENTS = "documents";
    static final List<String> CHOICES = List.of(AUTO, GENERAL, DOCUMENTS);

    private final Agents agents;

    ChatRouting(Agents agents) {
        this.agents = agents;
    }

    /** The agent that will answer, with the router's reading when it was asked. */
    record Choice(String agent, String intent, Double confidence, String note) {
        boolean documents() { return DOCUMENTS.equals(agent); }
    }

    /** The document agent (503 when it is not deployed). */
    io.llmsvc.api.agents.DocumentsApi documents() {
        return agents.requireDocuments();
    }

    /** The {@code agent} field of a request, checked: null means {@code auto}. */
    static String requested(String agent) {
        if (agent == null || agent.isBlank()) return AUTO;
        String a = agent.strip().toLowerCase(Locale.ROOT);
        if (!CHOICES.contains(a)) throw LlmsvcException.invalid("agent", "agent must be one of " + String.join(", ", CHOICES));
        return a;
    }

    Choice choose(String requested, String message, Exchange ex) {
        if (requested.equals(GENERAL)) return new Choice(GENERAL, null, null, null);
        if (requested.equals(DOCUMENTS)) {
            agents.requireDocuments(); // 503 when the document agent is not deployed: it was asked for by name
            return new Choice(DOCUMENTS, null, null, null);
        }
        var router = agents.router();
        if (router.isEmpty()) return new Choice(GENERAL, null, null, null);
        RouteDecision d;
        try {
            d = Agents.call(ex, Agents.ROUTER, () -> router.get().routeMessage(message));
        } catch (LlmsvcException e) {
            log.warn("the router failed ({}: {}); the chat model answers", e.code().code(), e.getMessage());
            return new Choice(GENERAL, null, null, "the router could not read this message (" + e.getMessage() + "); the general model answered");
        }
        String target = d.target() == null ? GENERAL : d.target();
        if (target.equals(DOCUMENTS)) {
            if (agents.documents().isPresent()) return new Choice(DOCUMENTS, d.intent(), d.confidence(), null);
            return new Choice(GENERAL, d.intent(), d.confidence(), Agents.notDeployed("documents") + "; the general model answered");
        }
        if (target.equals(GENERAL)) return new Choice(GENERAL, d.intent(), d.confidence(), null);
        return new Choice(GENERAL, d.intent(), d.confidence(),
                "the " + target + " agent (intent " + d.intent() + ") is not available yet; the general model answered");
    }
}
