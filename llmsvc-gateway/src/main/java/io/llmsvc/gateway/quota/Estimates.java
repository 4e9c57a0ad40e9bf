package io.llmsvc.gateway.quota;

import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import java.util.List;

/**
 * Token reservations at admission, replaced by the real usage when the request settles. A reservation must not be
 * smaller than what the request can use, or concurrent requests overspend a budget by more than one reservation:
 * {@link #reservation} counts the rendered prompt with the model's own tokenizer (a call to the worker) and adds
 * the most the reply can take ({@code max_tokens}, at most what the context leaves; the whole room when unset).
 * When the worker cannot count (an upstream model, a failure), {@link #tokens} bounds it from the text: a token per
 * non-ASCII character (Hangul, CJK: about one each, often more with byte-level vocabularies, so two), a token per
 * two ASCII characters, and a few per message for the template.
 */
public final class Estimates {
    /** Reserved for the reply when the request sets no max_tokens. */
    public static final int DEFAULT_REPLY_TOKENS = 256;

    /** Template tokens reserved per message (role markers, separators) and once per prompt, beyond its text. */
    static final int PER_MESSAGE = 8;
    static final int PER_PROMPT = 16;

    /**
     * The reservation for a generation: the prompt counted by the model's tokenizer through {@code router} plus the
     * reply's bound; {@link #tokens(GenerationRequest)} when counting fails.
     */
    public static int reservation(GenerationRequest g, WorkerRouter router) {
        TokenizeResult counted;
        try {
            counted = router.tokenize(new TokenizeRequest(g.model(), g.prompt(), g.messages()));
        } catch (RuntimeException e) {
            return tokens(g);
        }
        if (counted == null || counted.contextLength() <= 0) return Math.max(counted == null ? 0 : counted.tokens(), tokens(g));
        long prompt = counted.tokens();
        long room = Math.max(1, counted.contextLength() - prompt);
        long reply = g.maxTokens() == null ? room : Math.min(g.maxTokens(), room);
        return (int) Math.min(Integer.MAX_VALUE, prompt + reply);
    }

    /** A bound from the text alone, for when no tokenizer can count. */
    public static int tokens(GenerationRequest g) {
        long tokens = PER_PROMPT;
        if (g.messages() != null) {
            for (ChatMessage m : g.messages()) tokens += textBound(m.content()) + PER_MESSAGE;
        }
        if (g.prompt() != null) tokens += textBound(g.prompt());
        long reply = g.maxTokens() == null ? DEFAULT_REPLY_TOKENS : g.maxTokens();
        return (int) Math.min(Integer.MAX_VALUE, tokens + reply);
    }

    public static int tokens(List<String> inputs) {
        long tokens = 0;
        for (String s : inputs) tokens += textBound(s) + 2;
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    /** Two tokens per non-ASCII code point, one per two ASCII characters (rounded up). */
    static long textBound(String s) {
        if (s == null) return 0;
        long ascii = 0, other = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c < 0x80) ascii++;
            else other++;
            i += Character.charCount(c);
        }
        return (ascii + 1) / 2 + 2 * other;
    }

    private Estimates() {}
}
