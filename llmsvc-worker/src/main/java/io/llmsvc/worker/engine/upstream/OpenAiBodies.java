package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ResponseFormat;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies in the OpenAI wire format. JSON exists only here and in the stream parser. */
final class OpenAiBodies {
    private OpenAiBodies() {}

    /** {@code /chat/completions} or {@code /completions} body, streaming with usage requested. */
    static ObjectNode generation(String model, GenerationRequest r) {
        ObjectNode b = UpstreamErrors.JSON.createObjectNode();
        b.put("model", model);
        if (r.isChat()) {
            ArrayNode messages = b.putArray("messages");
            for (ChatMessage m : r.messages()) messages.add(message(m));
        } else {
            b.put("prompt", r.prompt() == null ? "" : r.prompt());
        }
        b.put("stream", true);
        b.putObject("stream_options").put("include_usage", true);
        if (r.maxTokens() != null) b.put("max_tokens", r.maxTokens());
        if (r.temperature() != null) b.put("temperature", r.temperature());
        if (r.topP() != null) b.put("top_p", r.topP());
        if (r.seed() != null) b.put("seed", r.seed());
        if (r.stop() != null && !r.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop");
            r.stop().forEach(stop::add);
        }
        ObjectNode format = responseFormat(r.responseFormat());
        if (format != null) b.set("response_format", format);
        if (r.isChat() && r.tools() != null && !r.tools().isNull()) {
            b.set("tools", r.tools());
            if (r.toolChoice() != null && !r.toolChoice().isNull()) b.set("tool_choice", r.toolChoice());
        }
        return b;
    }

    static ObjectNode embeddings(String model, List<String> input) {
        ObjectNode b = UpstreamErrors.JSON.createObjectNode();
        b.put("model", model);
        ArrayNode in = b.putArray("input");
        input.forEach(in::add);
        b.put("encoding_format", "float");
        return b;
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode o = UpstreamErrors.JSON.createObjectNode();
        o.put("role", m.role());
        if (m.content() != null) {
            o.put("content", m.content());
        } else if ("assistant".equals(m.role())) {
            o.putNull("content"); // an assistant turn that only calls tools
        } else {
            o.put("content", "");
        }
        if (m.name() != null) o.put("name", m.name());
        if (m.toolCalls() != null && !m.toolCalls().isNull()) o.set("tool_calls", m.toolCalls());
        if (m.toolCallId() != null) o.put("tool_call_id", m.toolCallId());
        return o;
    }

    private static ObjectNode responseFormat(ResponseFormat f) {
        if (f == null || f.type() == null || ResponseFormat.TEXT.equals(f.type())) return null;
        ObjectNode o = UpstreamErrors.JSON.createObjectNode();
        o.put("type", f.type());
        if (ResponseFormat.JSON_SCHEMA.equals(f.type())) {
            ObjectNode js = o.putObject("json_schema");
            js.put("name", f.name() == null || f.name().isBlank() ? "response" : f.name());
            if (f.schema() != null) js.set("schema", f.schema());
            if (f.strict() != null) js.put("strict", f.strict());
        }
        return o;
    }

    /**
     * Adjusts a body after a 400 that names a field some servers do not take: servers that refuse
     * {@code stream_options} get the request without it (usage is then estimated), and OpenAI's reasoning models,
     * which refuse {@code max_tokens}, get {@code max_completion_tokens}. Each change applies at most once, since
     * the field it reacts to is gone afterwards.
     *
     * @return whether the body changed and is worth sending again
     */
    static boolean adaptTo(ObjectNode body, LlmsvcException rejection) {
        String msg = rejection.getMessage() == null ? "" : rejection.getMessage().toLowerCase(Locale.ROOT);
        if (msg.contains("stream_options") && body.has("stream_options")) {
            body.remove("stream_options");
            return true;
        }
        if (msg.contains("max_completion_tokens") && body.has("max_tokens")) {
            body.set("max_completion_tokens", body.remove("max_tokens"));
            return true;
        }
        return false;
    }
}
