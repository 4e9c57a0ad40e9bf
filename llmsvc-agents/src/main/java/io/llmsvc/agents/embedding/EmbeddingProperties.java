package io.llmsvc.agents.embedding;

import io.llmsvc.api.Secret;
import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model turns texts into vectors for the router and the document agent ({@code llmsvc.agents.embeddings.*}).
 *
 * @param provider      {@code builtin} (quantized all-MiniLM-L6-v2 in process, English only), {@code onnx} (a local
 *                      sentence-transformer folder), {@code worker} (a GGUF embedding model served by our workers) or
 *                      {@code upstream} (an OpenAI-compatible {@code /v1/embeddings})
 * @param dimensions    the vector size when known in advance; unset = discovered at first use
 * @param queryPrefix   put before every search query (e5 models: {@code "query: "})
 * @param passagePrefix put before every indexed passage (e5 models: {@code "passage: "})
 * @param batchSize     most texts sent in one call to a worker or upstream (in-process models take 256 at a time)
 * @param onnx          settings of the {@code onnx} provider
 * @param worker        settings of the {@code worker} provider
 * @param upstream      settings of the {@code upstream} provider
 */
@ConfigurationProperties("llmsvc.agents.embeddings")
public record EmbeddingProperties(
        @DefaultValue("builtin") String provider,
        Integer dimensions,
        @DefaultValue("") String queryPrefix,
        @DefaultValue("") String passagePrefix,
        @DefaultValue("32") int batchSize,
        @DefaultValue Onnx onnx,
        @DefaultValue Worker worker,
        @DefaultValue Upstream upstream) implements ValidatedSettings {

    static final Set<String> PROVIDERS = Set.of("builtin", "onnx", "worker", "upstream");
    /** Lucene's HNSW format is raised to this many dimensions (its default limit is 1024). */
    public static final int MAX_DIMENSIONS = 4096;

    /**
     * A sentence-transformer exported to ONNX, as Hugging Face repositories ship it ({@code onnx/model.onnx} can be
     * named with {@code model-file}).
     *
     * @param dir           the folder
     * @param modelFile     the ONNX file, relative to {@code dir}
     * @param tokenizerFile the Hugging Face {@code tokenizer.json}, relative to {@code dir}
     * @param pooling       {@code mean} (most sentence-transformers, e5) or {@code cls} (bge)
     */
    public record Onnx(Path dir, @DefaultValue("model.onnx") String modelFile,
                       @DefaultValue("tokenizer.json") String tokenizerFile, @DefaultValue("mean") String pooling) {}

    /**
     * @param model       the model id a worker serves with embeddings enabled
     *                    ({@code llmsvc.worker.models.<id>.embeddings=true})
     * @param startupWait how long the first call waits for that model to be registered (workers load models while
     *                    this process starts); later calls fail at once when it is gone
     */
    public record Worker(String model, @DefaultValue("60s") Duration startupWait) {}

    /**
     * @param baseUrl        e.g. {@code https://api.openai.com/v1}; {@code /embeddings} is appended. Redirects are not
     *                       followed (they would carry the key elsewhere)
     * @param model          the model name sent upstream
     * @param apiKey         sent as a bearer token; never logged
     * @param connectTimeout TCP/TLS connect timeout
     * @param timeout        whole-request timeout
     */
    public record Upstream(String baseUrl, String model, Secret apiKey, @DefaultValue("10s") Duration connectTimeout,
                           @DefaultValue("60s") Duration timeout) {}

    public static EmbeddingProperties defaults() {
        return new EmbeddingProperties("builtin", null, "", "", 32,
                new Onnx(null, "model.onnx", "tokenizer.json", "mean"),
                new Worker(null, Duration.ofSeconds(60)),
                new Upstream(null, null, null, Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    @Override
    public void validate() {
        String p = "llmsvc.agents.embeddings.";
        if (provider == null || !PROVIDERS.contains(provider)) {
            throw new InvalidSettingException(p + "provider", "one of builtin, onnx, worker, upstream");
        }
        if (dimensions != null && (dimensions < 1 || dimensions > MAX_DIMENSIONS)) {
            throw new InvalidSettingException(p + "dimensions", "an integer from 1 to " + MAX_DIMENSIONS + ", or unset to discover it");
        }
        if (batchSize < 1 || batchSize > 2048) throw new InvalidSettingException(p + "batch-size", "an integer from 1 to 2048");
        switch (provider) {
            case "onnx" -> {
                if (onnx.dir() == null) throw new InvalidSettingException(p + "onnx.dir", "the folder holding model.onnx and tokenizer.json");
                if (!Files.isRegularFile(onnx.dir().resolve(onnx.modelFile()))) {
                    throw new InvalidSettingException(p + "onnx.model-file", "an ONNX file inside " + onnx.dir() + " (not found: " + onnx.modelFile() + ")");
                }
                if (!Files.isRegularFile(onnx.dir().resolve(onnx.tokenizerFile()))) {
                    throw new InvalidSettingException(p + "onnx.tokenizer-file", "a tokenizer.json inside " + onnx.dir() + " (not found: " + onnx.tokenizerFile() + ")");
                }
                if (!onnx.pooling().equals("mean") && !onnx.pooling().equals("cls")) {
                    throw new InvalidSettingException(p + "onnx.pooling", "mean or cls");
                }
            }
            case "worker" -> {
                if (worker.model() == null || worker.model().isBlank()) {
                    throw new InvalidSettingException(p + "worker.model", "the id of a model served with embeddings enabled");
                }
                if (worker.startupWait() == null || worker.startupWait().isNegative()) {
                    throw new InvalidSettingException(p + "worker.startup-wait", "a duration such as 60s");
                }
            }
            case "upstream" -> {
                String url = upstream.baseUrl();
                if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new InvalidSettingException(p + "upstream.base-url", "an http:// or https:// base URL such as https://api.openai.com/v1");
                }
                if (upstream.model() == null || upstream.model().isBlank()) {
                    throw new InvalidSettingException(p + "upstream.model", "the embedding model name the upstream serves");
                }
                if (upstream.timeout() == null || upstream.timeout().toMillis() < 100) {
                    throw new InvalidSettingException(p + "upstream.timeout", "a duration of at least 100ms");
                }
                if (upstream.connectTimeout() == null || upstream.connectTimeout().toMillis() < 100) {
                    throw new InvalidSettingException(p + "upstream.connect-timeout", "a duration of at least 100ms");
                }
            }
            default -> { }
        }
    }
}
