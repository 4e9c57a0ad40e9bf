package io.llmsvc.gateway.quota;

import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationRequest;
import java.util.List;

/**
 * Token estimates for reservations at admission, before the worker counts exactly: about four characters per
 * token for the prompt (rounded up, plus a few per message for the template), plus the reply's upper bound.
 * The reservation is replaced by the real usage when the request settles.
 */
public final class Estimates {
    /** Reserved for the reply when the request sets no max_tokens. */
    public static final int DEFAULT_REPLY_TOKENS = 256;

    public static int tokens(GenerationRequest g) {
        long chars = 0;
        int messages = 0;
        if (g.messages() != null) {
            for (ChatMessage m : g.messages()) {
                chars += m.content() == null ? 0 : m.content().length();
                messages++;
            }
        }
        if (g.prompt() != null) chars += g.prompt().length();
        long reply = g.maxTokens() == null ? DEFAULT_REPLY_TOKENS : g.maxTokens();
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4 + 4L * messages + reply);
    }

    public static int tokens(List<String> inputs) {
        long chars = 0;
        for (String s : inputs) chars += s.length();
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4 + inputs.size());
    }

    private Estimates() {}
}
