package io.llmsvc.worker.template;

import com.hubspot.jinjava.tree.Node;
import io.llmsvc.api.worker.ChatMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat template in Jinja, rendered as Hugging Face's {@code apply_chat_template} does. The template is parsed once
 * in the constructor; {@link #render} only walks the parsed tree, so one instance is shared by all request threads.
 *
 * <p>Variables: {@code messages} (maps with {@code role}, {@code content}, and {@code name}, {@code tool_calls},
 * {@code tool_call_id} when present), {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}; functions
 * {@code raise_exception} and {@code strftime_now}.
 */
final class JinjaChatTemplate implements ChatTemplate {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final JinjaEnvironment environment;
    private final Node root;
    private final String bosToken;
    private final String eosToken;
    private final List<String> stopStrings;

    /** @throws JinjaEnvironment.InvalidTemplateException when the source does not parse */
    JinjaChatTemplate(String name, String source, String bosToken, String eosToken, List<String> stopStrings) {
        this(JinjaEnvironment.DEFAULT, name, source, bosToken, eosToken, stopStrings);
    }

    JinjaChatTemplate(JinjaEnvironment environment, String name, String source, String bosToken, String eosToken,
                      List<String> stopStrings) {
        this.name = name;
        this.environment = environment;
        this.root = environment.parse(source);
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.stopStrings = List.copyOf(stopStrings);
    }

    @Override
    public String name() { return name; }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", toMaps(messages));
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        // Defined in Hugging Face's environment, so templates test `strftime_now is defined` before calling it.
        bindings.put("strftime_now", true);
        bindings.put("raise_exception", true);
        return environment.render(root, bindings);
    }

    @Override
    public List<String> stopStrings() { return stopStrings; }

    private static List<Map<String, Object>> toMaps(List<ChatMessage> messages) {
        List<Map<String, Object>> result = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            // Python would fail on `'...' + None` and Jinjava would print "null": an absent text is empty.
            map.put("content", m.content() == null ? "" : m.content());
            if (m.name() != null) map.put("name", m.name());
            if (m.toolCalls() != null && !m.toolCalls().isNull()) {
                map.put("tool_calls", JSON.convertValue(m.toolCalls(), Object.class));
            }
            if (m.toolCallId() != null) map.put("tool_call_id", m.toolCallId());
            result.add(map);
        }
        return result;
    }

    @Override
    public String toString() { return "ChatTemplate[" + name + "]"; }
}
