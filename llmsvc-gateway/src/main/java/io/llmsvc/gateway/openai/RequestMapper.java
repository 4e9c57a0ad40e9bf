package io.llmsvc.gateway.openai;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.openai.ChatCompletionRequest;
import io.llmsvc.api.openai.CompletionRequest;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ResponseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates {@code /v1} request bodies and turns them into {@link GenerationRequest}s. Every rejected value gets a
 * 400 naming the field; features we do not implement are rejected by name rather than ignored.
 */
public final class RequestMapper {
    static final int MAX_TOKENS_LIMIT = 1 << 20;
    static final int MAX_STOP = 4;
    /** Messages per chat request (as OpenAI's API): bounds the template and tokenizer work one request can cause. */
    public static final int MAX_MESSAGES = 2048;
    /** Characters per stop string: enough for any real stop sequence, and a bound on the work of matching it. */
    static final int MAX_STOP_LENGTH = 256;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    static GenerationRequest chat(ChatCompletionRequest r, String requestId, Secret providerKey) {
        String model = model(r.model());
        if (r.messages() == null || r.messages().isEmpty()) throw LlmsvcException.invalid("messages", "'messages' must be a non-empty array");
        if (r.messages().size() > MAX_MESSAGES) {
            throw LlmsvcException.invalid("messages", "'messages' takes at most " + MAX_MESSAGES + " messages, got " + r.messages().size());
        }
        List<ChatMessage> messages = new ArrayList<>(r.messages().size());
        for (int i = 0; i < r.messages().size(); i++) messages.add(message(r.messages().get(i), "messages[" + i + "]"));
        Integer maxTokens = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        String maxName = r.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
        checkCommon(maxTokens, maxName, r.temperature(), r.topP(), r.n(), r.stream(), r.streamOptions() != null,
                r.frequencyPenalty(), r.presencePenalty(), r.logitBias());
        if (Boolean.TRUE.equals(r.logprobs()) || r.topLogprobs() != null) unsupported("logprobs", "logprobs are not supported");
        if (r.functions() != null || r.functionCall() != null) unsupported("functions", "'functions' is deprecated; use 'tools'");
        if (r.audio() != null) unsupported("audio", "audio output is not supported");
        if (r.prediction() != null) unsupported("prediction", "predicted outputs are not supported");
        if (r.webSearchOptions() != null) unsupported("web_search_options", "web search is not supported");
        if (r.modalities() != null) {
            for (JsonNode m : r.modalities()) {
                if (!"text".equals(m.asString(""))) unsupported("modalities", "only the 'text' modality is supported");
            }
        }
        JsonNode tools = r.tools();
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) throw LlmsvcException.invalid("tools", "'tools' must be an array");
            if (tools.isEmpty()) tools = null;
        } else {
            tools = null;
        }
        if (r.toolChoice() != null && tools == null && !"none".equals(r.toolChoice().asString(""))) {
            throw LlmsvcException.invalid("tool_choice", "'tool_choice' needs 'tools'");
        }
        return new GenerationRequest(requestId, model, messages, null, maxTokens, toFloat(r.temperature()), toFloat(r.topP()),
                seed(r.seed()), stop(r.stop()), responseFormat(r.responseFormat()), tools,
                tools == null ? null : r.toolChoice(), providerKey);
    }

    static GenerationRequest completion(CompletionRequest r, String requestId, Secret providerKey) {
        String model = model(r.model());
        String prompt = prompt(r.prompt());
        checkCommon(r.maxTokens(), "max_tokens", r.temperature(), r.topP(), r.n(), r.stream(), r.streamOptions() != null,
                r.frequencyPenalty(), r.presencePenalty(), r.logitBias());
        if (r.bestOf() != null && r.bestOf() != 1) unsupported("best_of", "best_of other than 1 is not supported");
        if (r.logprobs() != null) unsupported("logprobs", "logprobs are not supported");
        if (Boolean.TRUE.equals(r.echo())) unsupported("echo", "echo is not supported");
        if (r.suffix() != null && !r.suffix().isEmpty()) unsupported("suffix", "suffix (fill-in-the-middle) is not supported");
        // legacy completions default to 16 tokens, as OpenAI's do
        Integer maxTokens = r.maxTokens() == null ? 16 : r.maxTokens();
        return new GenerationRequest(requestId, model, null, prompt, maxTokens, toFloat(r.temperature()), toFloat(r.topP()),
                seed(r.seed()), stop(r.stop()), responseFormat(r.responseFormat()), null, null, providerKey);
    }

    static String model(String model) {
        if (model == null || model.isBlank()) throw LlmsvcException.invalid("model", "'model' is required");
        if (model.length() > 256) throw LlmsvcException.invalid("model", "'model' is longer than 256 characters");
        return model;
    }

    private static ChatMessage message(ChatCompletionRequest.Message m, String at) {
        if (m == null) throw LlmsvcException.invalid(at, at + " must be an object");
        if (m.role() == null || !ROLES.contains(m.role())) {
            throw LlmsvcException.invalid(at + ".role", at + ".role must be one of system, developer, user, assistant, tool");
        }
        String role = "developer".equals(m.role()) ? "system" : m.role();
        String content = content(m.content(), at + ".content");
        boolean hasToolCalls = m.toolCalls() != null && !m.toolCalls().isNull();
        if (content == null && !("assistant".equals(role) && hasToolCalls)) {
            throw LlmsvcException.invalid(at + ".content", at + ".content is required");
        }
        if ("tool".equals(role) && (m.toolCallId() == null || m.toolCallId().isBlank())) {
            throw LlmsvcException.invalid(at + ".tool_call_id", "tool messages need 'tool_call_id'");
        }
        return new ChatMessage(role, content, m.name(), hasToolCalls ? m.toolCalls() : null, m.toolCallId());
    }

    /** A string, or an array of {@code {"type":"text","text":...}} parts joined with newlines. */
    private static String content(JsonNode c, String at) {
        if (c == null || c.isNull()) return null;
        if (c.isString()) return c.asString();
        if (!c.isArray()) throw LlmsvcException.invalid(at, at + " must be a string or an array of content parts");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonNode part = c.get(i);
            String type = part.path("type").asString("");
            if ("text".equals(type) && part.path("text").isString()) {
                if (!sb.isEmpty()) sb.append('\n');
                sb.append(part.path("text").asString());
            } else if ("image_url".equals(type) || "input_audio".equals(type) || "file".equals(type)) {
                unsupported(at + "[" + i + "]", "content parts of type '" + type + "' are not supported by this server yet");
            } else {
                throw LlmsvcException.invalid(at + "[" + i + "]", at + "[" + i + "] must be {\"type\":\"text\",\"text\":...}");
            }
        }
        return sb.toString();
    }

    private static String prompt(JsonNode p) {
        if (p == null || p.isNull()) throw LlmsvcException.invalid("prompt", "'prompt' is required");
        if (p.isString()) return p.asString();
        if (p.isArray() && p.size() == 1 && p.get(0).isString()) return p.get(0).asString();
        if (p.isArray() && p.size() > 1) unsupported("prompt", "a batch of prompts is not supported; send one string");
        throw LlmsvcException.invalid("prompt", "'prompt' must be a string");
    }

    private static void checkCommon(Integer maxTokens, String maxName, Double temperature, Double topP, Integer n,
                                    Boolean stream, boolean hasStreamOptions, Double freqPenalty, Double presPenalty,
                                    Map<String, Object> logitBias) {
        if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT)) {
            throw LlmsvcException.invalid(maxName, "'" + maxName + "' must be between 1 and " + MAX_TOKENS_LIMIT);
        }
        if (temperature != null && (temperature < 0 || temperature > 2 || temperature.isNaN())) {
            throw LlmsvcException.invalid("temperature", "'temperature' must be between 0 and 2");
        }
        if (topP != null && (topP <= 0 || topP > 1 || topP.isNaN())) {
            throw LlmsvcException.invalid("top_p", "'top_p' must be greater than 0 and at most 1");
        }
        if (n != null && n != 1) {
            if (n < 1) throw LlmsvcException.invalid("n", "'n' must be at least 1");
            unsupported("n", "only n=1 is supported; send several requests for several choices");
        }
        if (hasStreamOptions && !Boolean.TRUE.equals(stream)) {
            throw LlmsvcException.invalid("stream_options", "'stream_options' is only allowed with 'stream': true");
        }
        if (freqPenalty != null && (freqPenalty < -2 || freqPenalty > 2)) throw LlmsvcException.invalid("frequency_penalty", "'frequency_penalty' must be between -2 and 2");
        if (presPenalty != null && (presPenalty < -2 || presPenalty > 2)) throw LlmsvcException.invalid("presence_penalty", "'presence_penalty' must be between -2 and 2");
        if (freqPenalty != null && freqPenalty != 0) unsupported("frequency_penalty", "frequency_penalty is not supported yet");
        if (presPenalty != null && presPenalty != 0) unsupported("presence_penalty", "presence_penalty is not supported yet");
        if (logitBias != null && !logitBias.isEmpty()) unsupported("logit_bias", "logit_bias is not supported");
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) return List.of();
        if (stop.isString()) {
            return List.of(stopString(stop.asString()));
        }
        if (!stop.isArray()) throw LlmsvcException.invalid("stop", "'stop' must be a string or an array of strings");
        if (stop.size() > MAX_STOP) throw LlmsvcException.invalid("stop", "'stop' takes at most " + MAX_STOP + " strings");
        List<String> out = new ArrayList<>(stop.size());
        for (JsonNode s : stop) {
            if (!s.isString()) throw LlmsvcException.invalid("stop", "'stop' must contain non-empty strings");
            out.add(stopString(s.asString()));
        }
        return out;
    }

    private static String stopString(String s) {
        if (s.isEmpty()) throw LlmsvcException.invalid("stop", "'stop' strings must not be empty");
        if (s.length() > MAX_STOP_LENGTH) {
            throw LlmsvcException.invalid("stop", "'stop' strings must be at most " + MAX_STOP_LENGTH + " characters");
        }
        return s;
    }

    private static ResponseFormat responseFormat(JsonNode rf) {
        if (rf == null || rf.isNull()) return null;
        if (!rf.isObject()) throw LlmsvcException.invalid("response_format", "'response_format' must be an object");
        String type = rf.path("type").asString("");
        switch (type) {
            case "text":
                return null;
            case "json_object":
                return new ResponseFormat(ResponseFormat.JSON_OBJECT, null, null, null);
            case "json_schema": {
                JsonNode js = rf.path("json_schema");
                if (!js.isObject()) throw LlmsvcException.invalid("response_format.json_schema", "'json_schema' must be an object with 'name' and 'schema'");
                String name = js.path("name").asString("");
                if (name.isBlank() || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw LlmsvcException.invalid("response_format.json_schema.name", "'name' must be 1-64 letters, digits, '_' or '-'");
                }
                JsonNode schema = js.get("schema");
                if (schema == null || !schema.isObject()) {
                    throw LlmsvcException.invalid("response_format.json_schema.schema", "'schema' must be a JSON schema object");
                }
                Boolean strict = js.has("strict") ? js.get("strict").asBoolean() : null;
                return new ResponseFormat(ResponseFormat.JSON_SCHEMA, name, schema, strict);
            }
            default:
                throw LlmsvcException.invalid("response_format.type", "'response_format.type' must be text, json_object or json_schema");
        }
    }

    private static Integer seed(Long seed) {
        if (seed == null) return null;
        return (int) (seed ^ (seed >>> 32)) & Integer.MAX_VALUE;
    }

    private static Float toFloat(Double d) {
        return d == null ? null : d.floatValue();
    }

    private static void unsupported(String param, String message) {
        throw new LlmsvcException(ErrorCode.UNSUPPORTED_PARAMETER, message, param);
    }

    private RequestMapper() {}
}
