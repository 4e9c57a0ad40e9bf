package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.worker.WorkerProperties.Upstream;
import io.llmsvc.worker.engine.InferenceEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * One model of an OpenAI-compatible upstream (OpenAI, vLLM, Ollama, llama-server, another llmsvc), exposed under
 * the id the upstream gives it. Generation streams {@code /chat/completions} or {@code /completions} with
 * {@code stream_options.include_usage}; tools, tool_choice and response_format are forwarded.
 *
 * <p>{@link #generate} blocks until the upstream's response headers (retrying connection failures, timeouts, 5xx
 * and 429 up to the upstream's {@code retries}) and throws mapped {@link LlmsvcException}s: 400 →
 * {@code INVALID_REQUEST} with the upstream's message, 401/403 → {@code UPSTREAM_ERROR}, 404 →
 * {@code MODEL_NOT_FOUND}, 413 → {@code PAYLOAD_TOO_LARGE}, 429 → {@code RATE_LIMITED}. The request's provider
 * key is used according to the upstream's key mode (see {@link KeySelector}); keys never appear in messages.
 */
public final class UpstreamEngine implements InferenceEngine {
    public static final String ENGINE = "upstream";
    private static final Set<String> CAPABILITIES = Set.of(ModelCard.CHAT, ModelCard.COMPLETION,
            ModelCard.EMBEDDINGS, ModelCard.TOOLS, ModelCard.JSON);

    private final UpstreamConnection connection;
    private final String modelId;
    private final Set<SseTokenStream> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** An engine with a connection of its own. */
    public UpstreamEngine(Upstream settings, String modelId) {
        this.modelId = requireModel(modelId);
        this.connection = new UpstreamConnection(settings);
    }

    /** An engine sharing {@code connection} (and so its HTTP client and key-verdict cache) with others. */
    public UpstreamEngine(UpstreamConnection connection, String modelId) {
        this.modelId = requireModel(modelId);
        connection.retain();
        this.connection = connection;
    }

    /**
     * One engine per model the upstream exposes: its configured {@code models}, or else what its {@code /models}
     * lists (ids exactly as the upstream names them). The engines share one connection.
     */
    public static List<UpstreamEngine> forUpstream(Upstream settings) {
        try (UpstreamConnection connection = new UpstreamConnection(settings)) {
            List<UpstreamEngine> engines = new ArrayList<>();
            for (String id : connection.exposedModels()) engines.add(new UpstreamEngine(connection, id));
            return List.copyOf(engines);
        }
    }

    private static String requireModel(String modelId) {
        if (modelId == null || modelId.isBlank()) throw new IllegalArgumentException("an upstream engine needs a model id");
        return modelId;
    }

    @Override
    public ModelCard card() {
        return new ModelCard(modelId, ENGINE, 0, CAPABILITIES);
    }

    /** The upstream's {@code slots} setting: concurrent requests this worker sends for this model. */
    @Override
    public int slots() {
        return connection.settings().slots();
    }

    @Override
    public TokenStream generate(GenerationRequest request) {
        ensureOpen();
        if (!request.isChat() && request.prompt() == null) throw LlmsvcException.invalid("prompt", "a prompt or messages are required");
        Secret key = connection.keys().select(request.providerKey());
        String path = request.isChat() ? "/chat/completions" : "/completions";
        SseTokenStream stream = new SseTokenStream(connection, path, OpenAiBodies.generation(modelId, request), key,
                modelId, TokenEstimate.ofPrompt(request), active::remove);
        active.add(stream);
        if (closed) stream.cancel(); // close() raced with us: open() then fails as cancelled
        stream.open();
        return stream;
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        ensureOpen();
        if (request.input() == null || request.input().isEmpty()) throw LlmsvcException.invalid("input", "input must not be empty");
        Secret key = connection.keys().select(request.providerKey());
        JsonNode res = connection.postJson("/embeddings", OpenAiBodies.embeddings(modelId, request.input()), key, modelId);
        float[][] vectors = new float[request.input().size()][];
        int position = 0;
        for (JsonNode item : res.path("data")) {
            int index = item.path("index").isNumber() ? item.path("index").asInt() : position;
            position++;
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= vectors.length || !embedding.isArray()) throw connection.errors().unreadable();
            float[] v = new float[embedding.size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) embedding.get(i).asDouble();
            vectors[index] = v;
        }
        for (float[] v : vectors) if (v == null) throw connection.errors().unreadable();
        JsonNode prompt = res.path("usage").path("prompt_tokens");
        int tokens = prompt.isNumber() ? prompt.asInt()
                : request.input().stream().mapToInt(TokenEstimate::ofText).sum(); // ROUGH ESTIMATE
        return new EmbeddingResult(List.of(vectors), tokens);
    }

    /** A ROUGH ESTIMATE (see {@link TokenEstimate}): upstreams have no standard tokenizer; context length unknown (0). */
    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        List<ChatMessage> messages = request.messages();
        int tokens = messages != null && !messages.isEmpty()
                ? TokenEstimate.ofMessages(messages) + TokenEstimate.ofText(request.text())
                : TokenEstimate.ofText(request.text());
        return new TokenizeResult(tokens, 0);
    }

    /** Nothing runs locally: aborts the streams still in flight and releases the connection. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (SseTokenStream s : List.copyOf(active)) s.cancel();
        connection.close();
    }

    private void ensureOpen() {
        if (closed) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "model '" + modelId + "' is no longer served");
    }

    @Override
    public String toString() {
        return "UpstreamEngine[" + connection.name() + "/" + modelId + "]";
    }
}
