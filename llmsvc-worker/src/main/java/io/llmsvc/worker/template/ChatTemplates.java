package io.llmsvc.worker.template;

import io.llmsvc.api.worker.ChatMessage;
import java.util.List;

/**
 * Chooses the chat template of a model: a named built-in when the operator overrides it, else the GGUF's own Jinja
 * template, else ChatML. (Placeholder implementation: ChatML only; the template feature replaces it.)
 */
public final class ChatTemplates {

    /**
     * @param overrideName built-in template name from settings, or null
     * @param ggufTemplate the GGUF's {@code tokenizer.chat_template}, or null
     * @param bosToken     text of the BOS token (for templates that print it), or null
     * @param eosToken     text of the EOS token, or null
     */
    public static ChatTemplate resolve(String overrideName, String ggufTemplate, String bosToken, String eosToken) {
        return new ChatTemplate() {
            @Override
            public String name() { return "chatml"; }

            @Override
            public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
                StringBuilder sb = new StringBuilder();
                for (ChatMessage m : messages) {
                    sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
                }
                if (addGenerationPrompt) sb.append("<|im_start|>assistant\n");
                return sb.toString();
            }

            @Override
            public List<String> stopStrings() { return List.of("<|im_end|>"); }
        };
    }

    private ChatTemplates() {}
}
