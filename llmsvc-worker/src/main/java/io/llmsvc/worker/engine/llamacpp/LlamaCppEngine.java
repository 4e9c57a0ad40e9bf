package io.llmsvc.worker.engine.llamacpp;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.runtime.peers.WorkerHttpClient;
import io.llmsvc.worker.WorkerProperties;
import io.llmsvc.worker.engine.InferenceEngine;
import io.llmsvc.worker.gguf.GgufMetadata;
import io.llmsvc.worker.template.ChatTemplate;
import io.llmsvc.worker.template.ChatTemplates;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local GGUF model run by llama.cpp in a supervised runner process ({@link RunnerProcess}). The engine reads the
 * model's metadata, renders chat messages with the model's chat template (the runner only sees raw prompts), merges
 * the template's stop strings with the caller's, and forwards everything else to the runner.
 *
 * <p>The constructor starts the runner and returns once the model is loaded; it throws {@code INTERNAL} for a file
 * that is not a readable GGUF model and {@code UNAVAILABLE} when the runner cannot start.
 */
public final class LlamaCppEngine implements InferenceEngine {
    private static final Logger log = LoggerFactory.getLogger(LlamaCppEngine.class);

    private final String modelId;
    private final GgufMetadata metadata;
    private final ChatTemplate template;
    private final int contextSize;
    private final int slots;
    private final boolean embeddings;
    private final RunnerProcess runner;

    public LlamaCppEngine(String modelId, Path gguf, WorkerProperties settings, WorkerProperties.ModelOverride override) {
        this.modelId = modelId;
        try {
            this.metadata = GgufMetadata.read(gguf);
        } catch (IOException e) {
            throw new LlmsvcException(ErrorCode.INTERNAL, "model " + modelId + " cannot be loaded: " + e.getMessage(), null, e);
        }
        int ctx = override != null && override.contextSize() != null ? override.contextSize() : settings.contextSize();
        if (metadata.contextLength() > 0 && ctx > metadata.contextLength()) {
            log.info("model {}: context {} capped to its training context {}", modelId, ctx, metadata.contextLength());
            ctx = metadata.contextLength();
        }
        this.contextSize = ctx;
        this.slots = override != null && override.slots() != null ? override.slots() : settings.slots();
        this.embeddings = override != null && Boolean.TRUE.equals(override.embeddings());
        this.template = ChatTemplates.resolve(override == null ? null : override.template(), metadata.chatTemplate(),
                metadata.bosToken(), metadata.eosToken());
        this.runner = new RunnerProcess(new RunnerProcess.Options(modelId, gguf, slots, contextSize, settings.threads(),
                embeddings, settings.runnerHeap(), settings.runnerStartTimeout())).start();
    }

    @Override
    public ModelCard card() {
        Set<String> caps = new LinkedHashSet<>(List.of(ModelCard.CHAT, ModelCard.COMPLETION, ModelCard.JSON));
        if (embeddings) caps.add(ModelCard.EMBEDDINGS);
        return new ModelCard(modelId, "llamacpp", contextSize, caps);
    }

    @Override
    public int slots() { return slots; }

    /** The model's GGUF metadata. */
    public GgufMetadata metadata() { return metadata; }

    /** The state of the runner process (for status pages and tests). */
    public RunnerProcess.State runnerState() { return runner.state(); }

    /** Pid of the runner process, or -1 while none runs. */
    public long runnerPid() { return runner.pid(); }

    RunnerProcess runner() { return runner; }

    @Override
    public TokenStream generate(GenerationRequest request) {
        if (request.tools() != null && !request.tools().isNull()) {
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_PARAMETER, "model " + modelId + " does not support tools", "tools");
        }
        String prompt;
        List<String> stop = new ArrayList<>();
        if (request.stop() != null) stop.addAll(request.stop());
        if (request.isChat()) {
            prompt = render(request.messages());
            for (String s : template.stopStrings()) if (!stop.contains(s)) stop.add(s);
        } else if (request.prompt() != null) {
            prompt = request.prompt();
        } else {
            throw LlmsvcException.invalid("messages", "a request needs messages or a prompt");
        }
        GenerationRequest forRunner = new GenerationRequest(request.requestId(), modelId, null, prompt,
                request.maxTokens(), request.temperature(), request.topP(), request.seed(), stop,
                request.responseFormat(), null, null, null);
        return new RunnerStream(call(client -> client.generate(forRunner)));
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        if (!embeddings) throw LlmsvcException.invalid("model", "model " + modelId + " not loaded with embeddings");
        EmbeddingRequest forRunner = new EmbeddingRequest(modelId, request.input(), null);
        return call(client -> client.embed(forRunner));
    }

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        String text = request.messages() != null ? render(request.messages()) : request.text();
        if (text == null) throw LlmsvcException.invalid("text", "nothing to count: give text or messages");
        TokenizeRequest forRunner = new TokenizeRequest(modelId, text, null);
        return call(client -> client.tokenize(forRunner));
    }

    @Override
    public void close() {
        runner.close();
    }

    /**
     * Calls the runner; when the connection is refused (the runner died and the request never reached it) waits for
     * the restart and tries once more, which is safe because nothing ran.
     */
    private <T> T call(Function<WorkerHttpClient, T> fn) {
        try {
            return fn.apply(runner.client());
        } catch (LlmsvcException e) {
            if (e.code() != ErrorCode.UNAVAILABLE || !(e.getCause() instanceof ConnectException)) throw e;
            log.info("model {}: runner unreachable, waiting for its restart", modelId);
            return fn.apply(runner.client());
        }
    }

    private String render(List<ChatMessage> messages) {
        if (messages.isEmpty()) throw LlmsvcException.invalid("messages", "messages must not be empty");
        // every message takes at least one token: refuse what cannot fit before rendering and tokenizing it all
        if (messages.size() >= contextSize) {
            throw new LlmsvcException(ErrorCode.CONTEXT_LENGTH_EXCEEDED, messages.size() + " messages cannot fit model "
                    + modelId + "'s context of " + contextSize + " tokens per request (each takes at least one); send fewer", "messages");
        }
        for (ChatMessage m : messages) {
            if ("tool".equals(m.role()) || (m.toolCalls() != null && !m.toolCalls().isNull())) {
                throw LlmsvcException.invalid("messages", "model " + modelId
                        + " cannot take tool messages or tool calls; tools are available on upstream models only");
            }
        }
        String prompt = template.render(messages, true);
        // llama.cpp adds BOS itself; a template that prints it too would give the model two
        String bos = metadata.bosToken();
        if (metadata.addsBos() && bos != null && !bos.isEmpty() && prompt.startsWith(bos)) {
            prompt = prompt.substring(bos.length());
        }
        return prompt;
    }

    /** Passes the runner's events through; a runner that dies mid-stream becomes a clear UNAVAILABLE. */
    private final class RunnerStream implements TokenStream {
        private final TokenStream inner;

        RunnerStream(TokenStream inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            try {
                return inner.hasNext();
            } catch (LlmsvcException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) throw e;
                throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the runner of model " + modelId
                        + " stopped during the generation; it is being restarted", null, e);
            }
        }

        @Override
        public GenerationEvent next() {
            hasNext();
            return inner.next();
        }

        @Override
        public void cancel() {
            inner.cancel();
        }
    }
}
