package io.llmsvc.agents.router.llm;

import io.llmsvc.agents.router.intents.Intent;
import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.ResponseFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The LLM's side of intent analysis: a short prompt that lists the intents with their descriptions, a JSON schema
 * that constrains the answer to {@code {"intent": <one of the names>, "confidence": <number>}} (llama.cpp turns it
 * into a grammar, so even a model with random weights answers valid JSON), and a strict reading of the answer. Any
 * answer that is not exactly that (unknown intent, missing or non-finite confidence, extra text, truncated JSON)
 * is {@linkplain Optional#empty() no vote}, and the classifier decides alone. Immutable, thread-safe.
 */
public final class LlmIntentVote {
    /** Enough for {@code {"intent": "employee_analysis", "confidence": 0.95}} with room for odd spacing. */
    public static final int MAX_TOKENS = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the model said: an intent of the catalog and its confidence in [0, 1]. */
    public record Vote(String intent, double confidence) {}

    private final IntentCatalog catalog;
    private final String systemPrompt;
    private final ResponseFormat format;

    public LlmIntentVote(IntentCatalog catalog) {
        this.catalog = catalog;
        this.systemPrompt = prompt(catalog);
        this.format = new ResponseFormat(ResponseFormat.JSON_SCHEMA, "intent_classification", schema(catalog), true);
    }

    /** The conversation to send: the instructions, then the user's message as is. */
    public List<ChatMessage> messages(String message) {
        return List.of(ChatMessage.of("system", systemPrompt), ChatMessage.of("user", message));
    }

    public ResponseFormat format() { return format; }

    /**
     * Reads a model's answer. Accepted: a JSON object with exactly {@code intent} (a known name) and {@code confidence}
     * (a finite number in [0, 1]; a number in (1, 100] is read as a percentage).
     */
    public Optional<Vote> parse(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        JsonNode node;
        try {
            node = JSON.readTree(text.strip());
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || node.size() != 2) return Optional.empty();
        JsonNode intent = node.get("intent");
        JsonNode confidence = node.get("confidence");
        if (intent == null || !intent.isString() || catalog.indexOf(intent.asString()) < 0) return Optional.empty();
        if (confidence == null || !confidence.isNumber()) return Optional.empty();
        double c = confidence.asDouble();
        if (!Double.isFinite(c) || c < 0) return Optional.empty();
        if (c > 1 && c <= 100) c /= 100;
        if (c > 1) return Optional.empty();
        return Optional.of(new Vote(intent.asString(), c));
    }

    static String prompt(IntentCatalog catalog) {
        StringBuilder sb = new StringBuilder("""
                You route a user's message to the right assistant. Classify the message into exactly one intent:
                """);
        for (Intent i : catalog.intents()) {
            sb.append("- ").append(i.name()).append(": ").append(i.description().replace('\n', ' ')).append('\n');
        }
        sb.append("""
                Judge what the user wants done, not which words appear: writing new text, code or translations is \
                general even when it mentions employees, clients or documents.
                The message may be in Korean or English. Answer only with JSON: {"intent": <intent>, "confidence": \
                <your probability from 0 to 1 that the intent is right>}.""");
        return sb.toString();
    }

    static ObjectNode schema(IntentCatalog catalog) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode intent = props.putObject("intent");
        intent.put("type", "string");
        ArrayNode names = intent.putArray("enum");
        catalog.names().forEach(names::add);
        props.putObject("confidence").put("type", "number");
        schema.putArray("required").add("intent").add("confidence");
        schema.put("additionalProperties", false);
        return schema;
    }
}
