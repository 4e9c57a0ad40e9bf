package io.llmsvc.worker.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in against a prompt written out by hand from the family's official format. */
class BuiltinTemplatesTest {

    static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.of("system", "You are a pirate."),
            ChatMessage.of("user", "Hello"),
            ChatMessage.of("assistant", "Hi there"),
            ChatMessage.of("user", "Who are you?"));

    static final List<ChatMessage> SYSTEMLESS = List.of(ChatMessage.of("user", "Hello"));

    /** Rendered with the family's own BOS/EOS text (resolve(name, null, null, null)) and a generation prompt. */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("chatml", "<|im_start|>system\nYou are a pirate.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n"
                    + "<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nWho are you?<|im_end|>\n"
                    + "<|im_start|>assistant\n"),
            Map.entry("qwen", "<|im_start|>system\nYou are a pirate.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n"
                    + "<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nWho are you?<|im_end|>\n"
                    + "<|im_start|>assistant\n"),
            Map.entry("llama3", "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a pirate.<|eot_id|>"
                    + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                    + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
                    + "<|start_header_id|>user<|end_header_id|>\n\nWho are you?<|eot_id|>"
                    + "<|start_header_id|>assistant<|end_header_id|>\n\n"),
            Map.entry("llama2", "<s>[INST] <<SYS>>\nYou are a pirate.\n<</SYS>>\n\nHello [/INST] Hi there </s>"
                    + "<s>[INST] Who are you? [/INST]"),
            Map.entry("mistral", "<s>[INST] You are a pirate.\n\nHello [/INST] Hi there</s>[INST] Who are you? [/INST]"),
            Map.entry("gemma", "<bos><start_of_turn>user\nYou are a pirate.\n\nHello<end_of_turn>\n"
                    + "<start_of_turn>model\nHi there<end_of_turn>\n<start_of_turn>user\nWho are you?<end_of_turn>\n"
                    + "<start_of_turn>model\n"),
            Map.entry("vicuna", "You are a pirate. USER: Hello ASSISTANT: Hi there</s>USER: Who are you? ASSISTANT:"),
            Map.entry("phi3", "<|system|>\nYou are a pirate.<|end|>\n<|user|>\nHello<|end|>\n<|assistant|>\nHi there<|end|>\n"
                    + "<|user|>\nWho are you?<|end|>\n<|assistant|>\n"),
            Map.entry("zephyr", "<|system|>\nYou are a pirate.</s>\n<|user|>\nHello</s>\n<|assistant|>\nHi there</s>\n"
                    + "<|user|>\nWho are you?</s>\n<|assistant|>\n"),
            Map.entry("deepseek", "<｜begin▁of▁sentence｜>You are a pirate.\n\nUser: Hello\n\n"
                    + "Assistant: Hi there<｜end▁of▁sentence｜>User: Who are you?\n\nAssistant:"));

    static final Map<String, String> EXPECTED_SYSTEMLESS = Map.ofEntries(
            Map.entry("chatml", "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"),
            Map.entry("qwen", "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                    + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"),
            Map.entry("llama3", "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                    + "<|start_header_id|>assistant<|end_header_id|>\n\n"),
            Map.entry("llama2", "<s>[INST] Hello [/INST]"),
            Map.entry("mistral", "<s>[INST] Hello [/INST]"),
            Map.entry("gemma", "<bos><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\n"),
            Map.entry("vicuna", "A chat between a curious user and an artificial intelligence assistant. The assistant "
                    + "gives helpful, detailed, and polite answers to the user's questions. USER: Hello ASSISTANT:"),
            Map.entry("phi3", "<|user|>\nHello<|end|>\n<|assistant|>\n"),
            Map.entry("zephyr", "<|user|>\nHello</s>\n<|assistant|>\n"),
            Map.entry("deepseek", "<｜begin▁of▁sentence｜>User: Hello\n\nAssistant:"));

    static final Map<String, List<String>> EXPECTED_STOPS = Map.ofEntries(
            Map.entry("chatml", List.of("<|im_end|>")),
            Map.entry("qwen", List.of("<|im_end|>", "<|endoftext|>")),
            Map.entry("llama3", List.of("<|eot_id|>", "<|end_of_text|>")),
            Map.entry("llama2", List.of("</s>")),
            Map.entry("mistral", List.of("</s>")),
            Map.entry("gemma", List.of("<end_of_turn>")),
            Map.entry("vicuna", List.of("</s>")),
            Map.entry("phi3", List.of("<|end|>", "<|endoftext|>")),
            Map.entry("zephyr", List.of("</s>")),
            Map.entry("deepseek", List.of("<｜end▁of▁sentence｜>")));

    static List<String> names() { return ChatTemplates.names(); }

    @Test
    void everyBuiltinHasExpectedPrompts() {
        assertThat(ChatTemplates.names())
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet())
                .containsExactlyInAnyOrderElementsOf(EXPECTED_SYSTEMLESS.keySet())
                .containsExactlyInAnyOrderElementsOf(EXPECTED_STOPS.keySet())
                .isSorted();
    }

    @ParameterizedTest
    @MethodSource("names")
    void rendersConversationExactly(String name) {
        ChatTemplate template = ChatTemplates.resolve(name, null, null, null);
        assertThat(template.name()).isEqualTo(name);
        assertThat(template.render(CONVERSATION, true)).isEqualTo(EXPECTED.get(name));
    }

    @ParameterizedTest
    @MethodSource("names")
    void rendersSystemlessConversationExactly(String name) {
        assertThat(ChatTemplates.resolve(name, null, null, null).render(SYSTEMLESS, true))
                .isEqualTo(EXPECTED_SYSTEMLESS.get(name));
    }

    @ParameterizedTest
    @MethodSource("names")
    void hasTheFamilyStopStrings(String name) {
        assertThat(ChatTemplates.resolve(name, null, null, null).stopStrings()).isEqualTo(EXPECTED_STOPS.get(name));
    }

    @Test
    void withoutGenerationPromptTheLastTurnIsClosed() {
        List<ChatMessage> exchange = List.of(ChatMessage.of("user", "Hello"), ChatMessage.of("assistant", "Hi there"));
        assertThat(ChatTemplates.resolve("chatml", null, null, null).render(exchange, false))
                .isEqualTo("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n");
        assertThat(ChatTemplates.resolve("phi3", null, null, null).render(exchange, false))
                .isEqualTo("<|user|>\nHello<|end|>\n<|assistant|>\nHi there<|end|>\n<|endoftext|>");
        assertThat(ChatTemplates.resolve("llama3", null, null, null).render(exchange, false))
                .isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>");
    }

    @Test
    void modelTokensReplaceTheFamilyDefaults() {
        ChatTemplate template = ChatTemplates.resolve("llama2", null, "<BOS>", "<EOS>");
        assertThat(template.render(CONVERSATION, true)).isEqualTo(
                "<BOS>[INST] <<SYS>>\nYou are a pirate.\n<</SYS>>\n\nHello [/INST] Hi there <EOS>"
                        + "<BOS>[INST] Who are you? [/INST]");
        assertThat(template.stopStrings()).containsExactly("</s>", "<EOS>");
    }

    @ParameterizedTest
    @MethodSource("strictTemplates")
    void rejectsRolesThatDoNotAlternate(String name, String message) {
        List<ChatMessage> twoUsers = List.of(ChatMessage.of("user", "a"), ChatMessage.of("user", "b"));
        assertThatThrownBy(() -> ChatTemplates.resolve(name, null, null, null).render(twoUsers, true))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    static List<Object[]> strictTemplates() {
        return List.of(
                new Object[] {"llama2", "Conversation roles must alternate user/assistant/user/assistant/..."},
                new Object[] {"gemma", "Conversation roles must alternate user/assistant/user/assistant/..."},
                new Object[] {"mistral", "After the optional system message, conversation roles must alternate "
                        + "user/assistant/user/assistant/..."});
    }

    @ParameterizedTest
    @MethodSource("names")
    void koreanTextPassesThroughUnchanged(String name) {
        String korean = "안녕하세요! 오늘 서울 날씨는 어때요? 🙂";
        String prompt = ChatTemplates.resolve(name, null, null, null)
                .render(List.of(ChatMessage.of("user", korean)), true);
        assertThat(prompt).contains(korean);
    }
}
