package io.llmsvc.worker.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.worker.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChatTemplates#resolve}: which template a model gets, and with which stop strings. */
class ChatTemplatesTest {

    private static final List<ChatMessage> HELLO = List.of(ChatMessage.of("user", "Hello"));
    private static final String CUSTOM = "{% for m in messages %}[{{ m['role'] }}]: {{ m['content'] }}\n{% endfor %}";
    private static final String GGUF_CHATML = "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content']"
            + " + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    @Test
    void overrideNameWinsOverTheGgufTemplate() {
        ChatTemplate t = ChatTemplates.resolve("llama3", CUSTOM, "<|begin_of_text|>", "<|eot_id|>");
        assertThat(t.name()).isEqualTo("llama3");
        assertThat(t.render(HELLO, true)).startsWith("<|begin_of_text|><|start_header_id|>user");
        assertThat(ChatTemplates.resolve("  Gemma ", CUSTOM, null, null).name()).isEqualTo("gemma");
    }

    @Test
    void ggufTemplateIsUsedWithoutOverride() {
        ChatTemplate t = ChatTemplates.resolve(null, CUSTOM, "<s>", "</s>");
        assertThat(t.name()).isEqualTo(ChatTemplates.GGUF);
        assertThat(t.render(BuiltinTemplatesTest.CONVERSATION, true))
                .isEqualTo("[system]: You are a pirate.\n[user]: Hello\n[assistant]: Hi there\n[user]: Who are you?\n");
        assertThat(t.stopStrings()).containsExactly("</s>");
        assertThat(ChatTemplates.resolve("", CUSTOM, null, null).name()).isEqualTo(ChatTemplates.GGUF);
    }

    @Test
    void chatmlWhenThereIsNothingElse() {
        for (String blank : new String[] {null, "", "  \n"}) {
            ChatTemplate t = ChatTemplates.resolve(null, blank, null, null);
            assertThat(t.name()).isEqualTo("chatml");
            assertThat(t.render(HELLO, true)).isEqualTo("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n");
            assertThat(t.stopStrings()).containsExactly("<|im_end|>");
        }
        assertThat(ChatTemplates.resolve(null, null, "<s>", "</s>").stopStrings()).containsExactly("<|im_end|>", "</s>");
    }

    @Test
    void unknownOverrideNameListsTheValidNames() {
        assertThatThrownBy(() -> ChatTemplates.resolve("alpaca", CUSTOM, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'alpaca'")
                .hasMessageContaining(String.join(", ", ChatTemplates.names()));
        assertThat(ChatTemplates.names()).contains("chatml", "llama3", "llama2", "mistral", "gemma", "qwen", "vicuna",
                "phi3", "zephyr", "deepseek");
    }

    @Test
    void ggufStopStringsAreTheEosPlusTheTurnMarkersTheTemplateMentions() {
        assertThat(ChatTemplates.resolve(null, GGUF_CHATML, "<|endoftext|>", "<|endoftext|>").stopStrings())
                .containsExactly("<|endoftext|>", "<|im_end|>");
        String llama3 = builtin("llama3").source();
        assertThat(ChatTemplates.resolve(null, llama3, "<|begin_of_text|>", "<|end_of_text|>").stopStrings())
                .containsExactly("<|end_of_text|>", "<|eot_id|>");
        String phi3 = builtin("phi3").source();
        assertThat(ChatTemplates.resolve(null, phi3, "<s>", "<|endoftext|>").stopStrings())
                .containsExactly("<|endoftext|>", "<|end|>");
        String gemma = builtin("gemma").source();
        assertThat(ChatTemplates.resolve(null, gemma, "<bos>", "<eos>").stopStrings())
                .containsExactly("<eos>", "<end_of_turn>");
        // gpt-oss style: <|end|> closes a channel, not the reply
        String channels = "{% for m in messages %}<|start|>{{ m.role }}<|channel|>final<|message|>{{ m.content }}<|end|>"
                + "{% endfor %}";
        assertThat(ChatTemplates.resolve(null, channels, null, "<|return|>").stopStrings()).containsExactly("<|return|>");
    }

    @Test
    void ggufTemplateEqualToABuiltinRendersTheSame() {
        for (String name : ChatTemplates.names()) {
            BuiltinTemplates.Builtin b = builtin(name);
            ChatTemplate gguf = ChatTemplates.resolve(null, b.source(), b.bos(), b.eos());
            assertThat(gguf.name()).isEqualTo(ChatTemplates.GGUF);
            assertThat(gguf.render(BuiltinTemplatesTest.CONVERSATION, true))
                    .as(name).isEqualTo(BuiltinTemplatesTest.EXPECTED.get(name));
        }
    }

    @Test
    void unparseableGgufTemplateFallsBackToTheBuiltinItResembles() {
        String brokenLlama3 = "{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n{{ m.content }}";
        ChatTemplate t = ChatTemplates.resolve(null, brokenLlama3, "<|begin_of_text|>", "<|eot_id|>");
        assertThat(t.name()).isEqualTo("llama3");
        assertThat(t.render(HELLO, true)).isEqualTo(BuiltinTemplatesTest.EXPECTED_SYSTEMLESS.get("llama3"));

        assertThat(ChatTemplates.resolve(null, "{% if x %}<start_of_turn>", null, null).name()).isEqualTo("gemma");
        assertThat(ChatTemplates.resolve(null, "{% frobnicate %}", null, null).name()).isEqualTo("chatml");
    }

    @Test
    void ggufTemplateThatCannotRunFallsBackToo() {
        String usesMissingMethod = "{% for m in messages %}[INST] {{ m.content.no_such_method() }} [/INST]{% endfor %}";
        assertThat(ChatTemplates.resolve(null, usesMissingMethod, "<s>", "</s>").name()).isEqualTo("mistral");
    }

    @Test
    void ggufTemplateThatRejectsTheSampleConversationIsStillUsed() {
        String noSystem = "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
                + "{% endif %}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}";
        ChatTemplate t = ChatTemplates.resolve(null, noSystem, null, null);
        assertThat(t.name()).isEqualTo(ChatTemplates.GGUF);
        assertThat(t.render(HELLO, true)).isEqualTo("<user>Hello");
    }

    private static BuiltinTemplates.Builtin builtin(String name) {
        return BuiltinTemplates.get().find(name).orElseThrow();
    }
}
