package io.llmsvc.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges streamed tool-call deltas (OpenAI sends id/name once and the arguments in pieces, keyed by index) into
 * the complete {@code tool_calls} array of a non-streamed answer.
 */
final class ToolCallAccumulator {
    private final TreeMap<Integer, Call> calls = new TreeMap<>();

    private static final class Call {
        String id;
        String type = "function";
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    void add(JsonNode deltas) {
        if (deltas == null || !deltas.isArray()) return;
        for (JsonNode d : deltas) {
            Call c = calls.computeIfAbsent(d.path("index").asInt(calls.size()), i -> new Call());
            if (d.hasNonNull("id")) c.id = d.get("id").asString();
            if (d.hasNonNull("type")) c.type = d.get("type").asString();
            JsonNode f = d.path("function");
            if (f.hasNonNull("name")) c.name = f.get("name").asString();
            if (f.hasNonNull("arguments")) c.arguments.append(f.get("arguments").asString());
        }
    }

    boolean isEmpty() { return calls.isEmpty(); }

    ArrayNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode out = f.arrayNode();
        List<Call> list = new ArrayList<>(calls.values());
        for (Call c : list) {
            ObjectNode o = out.addObject();
            o.put("id", c.id);
            o.put("type", c.type);
            ObjectNode fn = o.putObject("function");
            fn.put("name", c.name);
            fn.put("arguments", c.arguments.toString());
        }
        return out;
    }
}
