package io.llmsvc.agents.router;

import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Intent router settings ({@code llmsvc.router.*}).
 *
 * @param intentsFile         a YAML or JSON intents file ({@code agents/intents.yaml} format); empty = built-in intents only
 * @param intentsMode         {@code extend} (default: the file adds intents and examples to the built-in set) or
 *                            {@code replace} (the file's intents only)
 * @param confidenceThreshold below this calibrated confidence the intent becomes {@code general} (0 disables)
 * @param useLlm              ask the agents' chat model too when one is loaded
 * @param llmWeight           weight of the LLM's vote in the combined scores (the classifier has {@code 1 - llmWeight})
 * @param llmTimeout          longest wait for the LLM's answer; after it the classifier alone decides
 * @param useEmbeddings       include the shared embedder's sentence vectors in the classifier's features
 * @param maxMessageLength    longest message accepted, in characters
 */
@ConfigurationProperties("llmsvc.router")
public record RouterProperties(
        @DefaultValue("") String intentsFile,
        @DefaultValue("extend") String intentsMode,
        @DefaultValue("0.4") double confidenceThreshold,
        @DefaultValue("true") boolean useLlm,
        @DefaultValue("0.5") double llmWeight,
        @DefaultValue("10s") Duration llmTimeout,
        @DefaultValue("true") boolean useEmbeddings,
        @DefaultValue("4000") int maxMessageLength) implements ValidatedSettings {

    public static RouterProperties defaults() {
        return new RouterProperties("", "extend", 0.4, true, 0.5, Duration.ofSeconds(10), true, 4000);
    }

    /** True when the intents file replaces the built-in intents. */
    public boolean replaceIntents() { return "replace".equals(intentsMode); }

    @Override
    public void validate() {
        if (!"extend".equals(intentsMode) && !"replace".equals(intentsMode)) {
            throw new InvalidSettingException("llmsvc.router.intents-mode", "extend or replace");
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold < 1)) {
            throw new InvalidSettingException("llmsvc.router.confidence-threshold", "a number from 0 (off) to below 1, such as 0.4");
        }
        if (!(llmWeight >= 0 && llmWeight <= 1)) {
            throw new InvalidSettingException("llmsvc.router.llm-weight", "a number between 0 and 1");
        }
        if (llmTimeout == null || llmTimeout.toMillis() < 100 || llmTimeout.toMinutes() > 10) {
            throw new InvalidSettingException("llmsvc.router.llm-timeout", "a duration between 100ms and 10m, such as 10s");
        }
        if (maxMessageLength < 1 || maxMessageLength > 1_000_000) {
            throw new InvalidSettingException("llmsvc.router.max-message-length", "an integer between 1 and 1000000");
        }
        // a broken intents file stops the process here, with one line naming llmsvc.router.intents-file
        if (intentsFile != null && !intentsFile.isBlank()) IntentCatalog.configured(intentsFile, replaceIntents());
    }
}
