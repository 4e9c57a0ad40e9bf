package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * ROUGH ESTIMATE of token counts, for upstreams that report no usage and for {@code tokenize} (OpenAI-compatible
 * servers have no standard tokenizer endpoint, and the upstream's tokenizer is unknown to us).
 *
 * <p>Rule: one token per 4 bytes of UTF-8, rounded up — close for English with BPE vocabularies, an overcount
 * for code, and about right for CJK/Hangul (3 bytes per character, commonly 1–2 characters per token). Chat
 * messages add 4 tokens each for role and separators, plus 3 for the reply's priming, as OpenAI's own
 * cookbook counts them. Never use these numbers for billing precision; they exist so that usage is never zero.
 */
final class TokenEstimate {
    private static final int PER_MESSAGE = 4;
    private static final int REPLY_PRIMING = 3;

    private TokenEstimate() {}

    static int ofText(String text) {
        if (text == null || text.isEmpty()) return 0;
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + 3) / 4;
    }

    static int ofJson(JsonNode node) {
        return node == null || node.isNull() ? 0 : ofText(node.toString());
    }

    static int ofMessages(List<ChatMessage> messages) {
        int n = REPLY_PRIMING;
        for (ChatMessage m : messages) {
            n += PER_MESSAGE + ofText(m.role()) + ofText(m.content()) + ofText(m.name()) + ofJson(m.toolCalls())
                    + ofText(m.toolCallId());
        }
        return n;
    }

    static int ofPrompt(GenerationRequest r) {
        return r.isChat() ? ofMessages(r.messages()) + ofJson(r.tools()) : ofText(r.prompt());
    }
}
