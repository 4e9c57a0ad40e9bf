package io.llmsvc.worker;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker settings ({@code llmsvc.worker.*}).
 *
 * @param id                 worker id; default: host name + port
 * @param slots              parallel generations per local model (llama.cpp {@code n_parallel})
 * @param contextSize        context tokens per slot (the runner allocates slots × this)
 * @param threads            llama.cpp threads per runner
 * @param runnerHeap         max heap of each runner JVM (the model itself lives off-heap)
 * @param runnerStartTimeout how long a runner may take to load its model
 * @param heartbeatInterval  how often the worker reports its load to the controller
 * @param models             per-model overrides, keyed by model id
 * @param upstreams          OpenAI-compatible servers whose models this worker serves
 */
@ConfigurationProperties("llmsvc.worker")
public record WorkerProperties(
        String id,
        @DefaultValue("2") int slots,
        @DefaultValue("2048") int contextSize,
        @DefaultValue("1") int threads,
        @DefaultValue("256m") String runnerHeap,
        @DefaultValue("120s") Duration runnerStartTimeout,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue Map<String, ModelOverride> models,
        @DefaultValue List<Upstream> upstreams) implements ValidatedSettings {

    /**
     * Overrides for one local model.
     *
     * @param template    built-in chat template name instead of the GGUF's own ({@code chatml}, {@code llama3}, ...)
     * @param contextSize context tokens per slot
     * @param slots       parallel generations
     * @param embeddings  load with embeddings enabled (LAST pooling)
     */
    public record ModelOverride(String template, Integer contextSize, Integer slots, Boolean embeddings) {}

    /**
     * An OpenAI-compatible upstream.
     *
     * @param name     label used in logs and model cards
     * @param baseUrl  e.g. {@code https://api.openai.com/v1} (operator-configured only; callers cannot set it)
     * @param apiKey   the operator's key; never logged
     * @param keyMode  {@code default} (operator key only), {@code user} (caller's provider key required) or
     *                 {@code free} (caller's key validated, operator key as fallback) — seed 002's key selection
     * @param models   model ids to expose; empty = ask the upstream's {@code /models}
     * @param timeout  per-request timeout until the first byte
     * @param retries  retries before the first token on connection errors and 5xx
     * @param slots    concurrent requests sent to it
     */
    public record Upstream(
            String name,
            String baseUrl,
            String apiKey,
            @DefaultValue("default") String keyMode,
            @DefaultValue List<String> models,
            @DefaultValue("60s") Duration timeout,
            @DefaultValue("2") int retries,
            @DefaultValue("16") int slots) {

        /** Redacts the operator key, so settings printed by mistake do not leak it. */
        @Override
        public String toString() {
            return "Upstream[name=" + name + ", keyMode=" + keyMode + ", models=" + models + ", apiKey="
                    + (apiKey == null || apiKey.isBlank() ? "none" : "****") + "]";
        }
    }

    @Override
    public void validate() {
        if (slots < 1 || slots > 64) throw new InvalidSettingException("llmsvc.worker.slots", "an integer from 1 to 64");
        if (contextSize < 64) throw new InvalidSettingException("llmsvc.worker.context-size", "at least 64 tokens");
        if (threads < 1) throw new InvalidSettingException("llmsvc.worker.threads", "at least 1");
        if (!runnerHeap.matches("\\d+[kmgKMG]")) throw new InvalidSettingException("llmsvc.worker.runner-heap", "a JVM heap size such as 256m");
        for (int i = 0; i < upstreams.size(); i++) {
            Upstream u = upstreams.get(i);
            String at = "llmsvc.worker.upstreams[" + i + "]";
            if (u.name() == null || u.name().isBlank()) throw new InvalidSettingException(at + ".name", "a name");
            if (u.baseUrl() == null || !(u.baseUrl().startsWith("http://") || u.baseUrl().startsWith("https://"))) {
                throw new InvalidSettingException(at + ".base-url", "an http:// or https:// URL");
            }
            if (!List.of("default", "user", "free").contains(u.keyMode())) {
                throw new InvalidSettingException(at + ".key-mode", "one of default, user, free");
            }
            if (u.retries() < 0 || u.retries() > 10) throw new InvalidSettingException(at + ".retries", "0 to 10");
            if (u.slots() < 1) throw new InvalidSettingException(at + ".slots", "at least 1");
        }
        for (var e : models.entrySet()) {
            ModelOverride m = e.getValue();
            String at = "llmsvc.worker.models." + e.getKey();
            if (m.slots() != null && (m.slots() < 1 || m.slots() > 64)) throw new InvalidSettingException(at + ".slots", "1 to 64");
            if (m.contextSize() != null && m.contextSize() < 64) throw new InvalidSettingException(at + ".context-size", "at least 64");
        }
    }
}
