package io.llmsvc.worker.template;

import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.worker.template.BuiltinTemplates.Builtin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the chat template of a model: a named built-in when the operator overrides it, else the GGUF's own Jinja
 * template, else ChatML. Built-ins are data ({@code templates/*.jinja} + {@code templates/index.json}).
 */
public final class ChatTemplates {

    private static final Logger log = LoggerFactory.getLogger(ChatTemplates.class);

    /** Name of a template that came from the model file. */
    public static final String GGUF = "gguf";

    static final String DEFAULT = "chatml";

    private static final List<ChatMessage> SAMPLE = List.of(
            ChatMessage.of("system", "You are a helpful assistant."),
            ChatMessage.of("user", "Hello"),
            ChatMessage.of("assistant", "Hi there"),
            ChatMessage.of("user", "How are you?"));

    private static final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    /**
     * Resolves a model's template.
     * <ol>
     *   <li>{@code overrideName} set: that built-in (its stop strings plus the EOS text);</li>
     *   <li>else a non-blank {@code ggufTemplate}: rendered as Jinja; stop strings are the EOS text plus the
     *       turn-ending markers the template mentions ({@code <|im_end|>}, {@code <|eot_id|>}, ...). A template that
     *       Jinjava cannot parse or run is replaced by the built-in its text resembles (else ChatML), with a
     *       warning logged once;</li>
     *   <li>else ChatML.</li>
     * </ol>
     * Built-ins print {@code bosToken}/{@code eosToken} when given, else their family's usual token text.
     *
     * @param overrideName built-in template name from settings, or null
     * @param ggufTemplate the GGUF's {@code tokenizer.chat_template}, or null
     * @param bosToken     text of the BOS token (for templates that print it), or null
     * @param eosToken     text of the EOS token, or null
     * @throws IllegalArgumentException when {@code overrideName} names no built-in; the message lists the valid names
     */
    public static ChatTemplate resolve(String overrideName, String ggufTemplate, String bosToken, String eosToken) {
        BuiltinTemplates builtins = BuiltinTemplates.get();
        if (overrideName != null && !overrideName.isBlank()) {
            Builtin builtin = builtins.find(overrideName.strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("unknown chat template '" + overrideName.strip()
                            + "'; valid names: " + String.join(", ", names())));
            return fromBuiltin(builtin, bosToken, eosToken);
        }
        if (ggufTemplate != null && !ggufTemplate.isBlank()) {
            try {
                return fromGguf(ggufTemplate, bosToken, eosToken, builtins);
            } catch (JinjaEnvironment.InvalidTemplateException | JinjaEnvironment.TemplateRenderException e) {
                Builtin fallback = builtins.guess(ggufTemplate).orElseGet(() -> builtins.find(DEFAULT).orElseThrow());
                if (warned.add(ggufTemplate.hashCode())) {
                    log.warn("The model's chat template cannot be rendered ({}); using the built-in '{}' template "
                            + "instead (set a template name in the worker settings to choose another)",
                            e.getMessage(), fallback.name());
                }
                return fromBuiltin(fallback, bosToken, eosToken);
            }
        }
        return fromBuiltin(builtins.find(DEFAULT).orElseThrow(), bosToken, eosToken);
    }

    /** Names of the built-in templates, sorted. */
    public static List<String> names() {
        return BuiltinTemplates.get().names().stream().sorted().toList();
    }

    private static ChatTemplate fromGguf(String source, String bos, String eos, BuiltinTemplates builtins) {
        Set<String> stops = new LinkedHashSet<>();
        if (eos != null && !eos.isBlank()) stops.add(eos);
        stops.addAll(builtins.turnEndMarkers(source));
        JinjaChatTemplate template = new JinjaChatTemplate(GGUF, source, bos, eos, new ArrayList<>(stops));
        checkRuns(template);
        return template;
    }

    /**
     * Renders a sample conversation so that a template using something Jinjava lacks fails now, not on every
     * request. A template that rejects the sample with {@code raise_exception} is working as designed.
     */
    private static void checkRuns(JinjaChatTemplate template) {
        for (List<ChatMessage> sample : List.of(SAMPLE, SAMPLE.subList(1, SAMPLE.size()))) {
            try {
                template.render(sample, true);
            } catch (JinjaEnvironment.TemplateRenderException e) {
                if (!e.raisedByTemplate()) throw e;
            }
        }
    }

    private static ChatTemplate fromBuiltin(Builtin builtin, String bos, String eos) {
        Set<String> stops = new LinkedHashSet<>(builtin.stop());
        if (eos != null && !eos.isBlank()) stops.add(eos);
        return new JinjaChatTemplate(builtin.name(), builtin.source(),
                bos == null || bos.isBlank() ? builtin.bos() : bos,
                eos == null || eos.isBlank() ? builtin.eos() : eos,
                new ArrayList<>(stops));
    }

    private ChatTemplates() {}
}
