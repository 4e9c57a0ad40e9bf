package io.llmsvc.worker.template;

import io.llmsvc.api.worker.ChatMessage;
import java.util.List;

/**
 * Turns chat messages into the raw prompt a model was trained on (seed 004's conversation templates, as data).
 * Implementations: the GGUF's own Jinja template rendered in Java, or a named built-in template.
 */
public interface ChatTemplate {

    /** {@code gguf} for the model's own template, else the built-in name ({@code chatml}, {@code llama3}, ...). */
    String name();

    /**
     * Renders the conversation. With {@code addGenerationPrompt} the prompt ends where the assistant's reply starts.
     *
     * @throws io.llmsvc.api.LlmsvcException INVALID_REQUEST when the template rejects the conversation
     *                                       (e.g. roles that do not alternate)
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** Strings that end an assistant turn in this format, merged with the caller's stop strings. */
    List<String> stopStrings();
}
