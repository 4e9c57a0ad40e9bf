package io.llmsvc.worker.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.ChatMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Jinja renderer: GGUF-style templates, Hugging Face behaviour, errors, safety and sharing between threads. */
class JinjaChatTemplateTest {

    private static final List<ChatMessage> CONVERSATION = BuiltinTemplatesTest.CONVERSATION;

    private static JinjaChatTemplate template(String source) {
        return new JinjaChatTemplate("gguf", source, "<s>", "</s>", List.of());
    }

    private static String render(String source, List<ChatMessage> messages) {
        return template(source).render(messages, true);
    }

    @Test
    void rendersAGgufStyleCustomTemplate() {
        String source = "{% for m in messages %}[{{ m['role'] }}]: {{ m['content'] }}\n{% endfor %}";
        assertThat(render(source, CONVERSATION)).isEqualTo(
                "[system]: You are a pirate.\n[user]: Hello\n[assistant]: Hi there\n[user]: Who are you?\n");
    }

    @Test
    void raiseExceptionBecomesAnInvalidRequestWithTheTemplatesMessage() {
        String source = "{% for m in messages %}{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}"
                + "{{ raise_exception('Roles must alternate user/assistant, got ' + m['role'] + ' twice') }}"
                + "{% endif %}{{ m['content'] }}{% endfor %}";
        List<ChatMessage> twoUsers = List.of(ChatMessage.of("user", "a"), ChatMessage.of("user", "b"));
        assertThatThrownBy(() -> render(source, twoUsers)).isInstanceOfSatisfying(LlmsvcException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).isEqualTo("Roles must alternate user/assistant, got user twice");
        });
        assertThat(render(source, List.of(ChatMessage.of("user", "a"), ChatMessage.of("assistant", "b"))))
                .isEqualTo("ab");
    }

    @Test
    void otherTemplateErrorsAreInvalidRequestsToo() {
        assertThatThrownBy(() -> render("{{ messages[0].content.no_such_method() }}", CONVERSATION))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith("chat template error: ").contains("no_such_method");
                });
    }

    @Test
    void unparseableSourceIsRejectedWhenBuilt() {
        assertThatThrownBy(() -> template("{% for m in messages %}{{ m.role }}"))
                .isInstanceOf(JinjaEnvironment.InvalidTemplateException.class)
                .hasMessageContaining("endfor");
        assertThatThrownBy(() -> template("{% frobnicate %}")).isInstanceOf(JinjaEnvironment.InvalidTemplateException.class);
    }

    @Test
    void messageTextIsNeverInterpretedAsATemplate() {
        String hostile = "{{ 7*7 }} {% if true %}x{% endif %} {{ raise_exception('boom') }}";
        assertThat(render("{{ messages[0]['content'] }}", List.of(ChatMessage.of("user", hostile)))).isEqualTo(hostile);
    }

    @Test
    void koreanAndEmojiPassThroughAJinjaTemplateUnchanged() {
        String korean = "안녕하세요! 김치찌개 레시피 알려줘 🍲";
        assertThat(render("{{ messages[0].content | trim }}|{{ messages[0].content.strip() }}",
                List.of(ChatMessage.of("user", "  " + korean + "\n")))).isEqualTo(korean + "|" + korean);
    }

    @Test
    void expressionAndCommentWhitespaceControlWorkAsInJinja() {
        String source = """
                {#- a comment that vanishes -#}
                {%- for m in messages %}
                    {{- '<' + m.role + '>' }}
                    {{- m.content -}}
                    {{ '</' + m.role + '>\\n' }}
                {%- endfor %}
                {# indented comment line #}
                end
                """;
        assertThat(render(source, List.of(ChatMessage.of("user", "hi"), ChatMessage.of("assistant", "yo"))))
                .isEqualTo("<user>hi</user>\n<assistant>yo</assistant>\nend");
    }

    @Test
    void pythonStringMethodsWork() {
        String source = "{{ messages[0].content.startswith('<think>') }} {{ messages[0].content.endswith(('x', '?')) }} "
                + "{{ messages[0].content.split('</think>')[-1].lstrip('\\n') }} {{ 'ab cd'.title() }} "
                + "{{ 'abc'.upper() }} {{ 'xxhixx'.strip('x') }} {{ 'a b  c'.split() | length }} {{ 'abc'[-1] }} "
                + "{{ '-'.join(['a', 'b']) }} {{ 'a=b=c'.rsplit('=', 1)[0] }}";
        assertThat(render(source, List.of(ChatMessage.of("user", "<think>hm</think>\n\nWhy?"))))
                .isEqualTo("true true Why? Ab Cd ABC hi 3 c a-b a=b");
    }

    @Test
    void tojsonWritesJsonAsPythonDoes() throws Exception {
        ChatMessage call = new ChatMessage("assistant", null, null, JsonMapper.builder().build().readTree(
                "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":{\"city\":\"서울\",\"days\":2,\"hourly\":false,\"scale\":1.5}}}]"), null);
        assertThat(render("{{ messages[0].tool_calls[0].function.arguments | tojson }}", List.of(call)))
                .isEqualTo("{\"city\": \"서울\", \"days\": 2, \"hourly\": false, \"scale\": 1.5}");
        assertThat(render("{{ messages[0].tool_calls[0].function.arguments | tojson(indent=2) }}", List.of(call)))
                .isEqualTo("{\n  \"city\": \"서울\",\n  \"days\": 2,\n  \"hourly\": false,\n  \"scale\": 1.5\n}");
        assertThat(render("{{ {'b': 1, 'a': [1, 'x\"y']} | tojson(sort_keys=true) }}", List.of(call)))
                .isEqualTo("{\"a\": [1, \"x\\\"y\"], \"b\": 1}");
    }

    @Test
    void toolCallsNameAndToolCallIdReachTheTemplate() throws Exception {
        // A Qwen2.5-style template: {{- }} control, set inside a loop, `is defined`, tojson and neighbour lookups.
        String source = """
                {%- for message in messages %}
                    {%- if message.role == "user" or (message.role == "assistant" and not message.tool_calls) %}
                        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
                    {%- elif message.role == "assistant" %}
                        {{- '<|im_start|>' + message.role }}
                        {%- for tool_call in message.tool_calls %}
                            {%- if tool_call.function is defined %}
                                {%- set tool_call = tool_call.function %}
                            {%- endif %}
                            {{- '\\n<tool_call>\\n{"name": "' }}
                            {{- tool_call.name }}
                            {{- '", "arguments": ' }}
                            {{- tool_call.arguments | tojson }}
                            {{- '}\\n</tool_call>' }}
                        {%- endfor %}
                        {{- '<|im_end|>\\n' }}
                    {%- elif message.role == "tool" %}
                        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
                            {{- '<|im_start|>user' }}
                        {%- endif %}
                        {{- '\\n<tool_response name="' + message.name + '" id="' + message.tool_call_id + '">\\n' }}
                        {{- message.content }}
                        {{- '\\n</tool_response>' }}
                        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
                            {{- '<|im_end|>\\n' }}
                        {%- endif %}
                    {%- endif %}
                {%- endfor %}
                {%- if add_generation_prompt %}
                    {{- '<|im_start|>assistant\\n' }}
                {%- endif %}
                """;
        List<ChatMessage> messages = List.of(
                ChatMessage.of("user", "Weather in Seoul?"),
                new ChatMessage("assistant", null, null, JsonMapper.builder().build().readTree(
                        "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                + "\"arguments\":{\"city\":\"Seoul\"}}}]"), null),
                new ChatMessage("tool", "{\"temp\": 21}", "get_weather", null, "c1"));
        assertThat(render(source, messages)).isEqualTo("""
                <|im_start|>user
                Weather in Seoul?<|im_end|>
                <|im_start|>assistant
                <tool_call>
                {"name": "get_weather", "arguments": {"city": "Seoul"}}
                </tool_call><|im_end|>
                <|im_start|>user
                <tool_response name="get_weather" id="c1">
                {"temp": 21}
                </tool_response><|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void strftimeNowUsesPythonFormatsAndIsDefined() {
        Clock clock = Clock.fixed(Instant.parse("2024-07-26T09:05:03Z"), ZoneOffset.UTC);
        JinjaChatTemplate t = new JinjaChatTemplate(new JinjaEnvironment(clock), "gguf",
                "{% if strftime_now is defined %}{{ strftime_now('%d %b %Y') }} {{ strftime_now('%A %H:%M:%S %%') }}"
                        + "{% endif %}", null, null, List.of());
        assertThat(t.render(CONVERSATION, true)).isEqualTo("26 Jul 2024 Friday 09:05:03 %");
    }

    @Test
    void knownJinjavaDifferencesArePinned() {
        // Python prints True/False; Jinjava prints true/false. Documented in docs/chat-templates.md.
        assertThat(render("{{ add_generation_prompt }}", CONVERSATION)).isEqualTo("true");
        // Jinja2 drops one trailing newline of the source; so do we.
        assertThat(render("{{ messages | length }}\n", CONVERSATION)).isEqualTo("4");
    }

    @Test
    void bosAndEosTokensAreVariables() {
        assertThat(render("{{ bos_token }}x{{ eos_token }}", CONVERSATION)).isEqualTo("<s>x</s>");
        assertThat(new JinjaChatTemplate("gguf", "[{{ bos_token }}]", null, null, List.of()).render(CONVERSATION, true))
                .isEqualTo("[]");
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        ChatTemplate t = ChatTemplates.resolve("llama3", null, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int id = thread;
                futures.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        String text = "thread " + id + " message " + i;
                        String prompt = t.render(List.of(ChatMessage.of("user", text)), true);
                        String expected = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n" + text
                                + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
                        if (!prompt.equals(expected)) wrong.add(prompt);
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : futures) assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
