package io.llmsvc.worker.engine.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.ResponseFormat;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.api.worker.Usage;
import io.llmsvc.api.worker.WorkerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runner's model: turns validated requests into llama.cpp calls. Prompts arrive already rendered (the engine
 * applies the chat template) and are never truncated: a prompt that leaves no room for one token in the per-slot
 * context is rejected. Token counts come from {@code encode}, since streamed items are not tokens.
 */
final class RunnerService {
    static final String JSON_GRAMMAR = loadGrammar();

    /** Receives generation events; a failing send means the client is gone. */
    interface EventSink {
        void send(GenerationEvent event) throws IOException;
    }

    /** A generation checked and ready to run: everything that can be rejected with a 4xx was rejected already. */
    record Prepared(InferenceParameters params, int promptTokens, int nPredict) {}

    private final LlamaModel model;
    private final RunnerMain.Args args;
    private final int bosTokens;
    private final AtomicInteger active = new AtomicInteger();
    private final Throughput throughput = new Throughput();

    RunnerService(LlamaModel model, RunnerMain.Args args, boolean addsBos) {
        this.model = model;
        this.args = args;
        this.bosTokens = addsBos ? 1 : 0;
    }

    /** Tokens the text takes as a prompt (including the BOS llama.cpp adds). */
    int countPromptTokens(String text) {
        return model.encode(text).length + bosTokens;
    }

    Prepared prepare(GenerationRequest req) {
        if (req.prompt() == null) throw LlmsvcException.invalid("prompt", "the runner needs a rendered prompt");
        if (req.maxTokens() != null && req.maxTokens() < 1) throw LlmsvcException.invalid("max_tokens", "max_tokens must be at least 1");
        if (req.maxTokens() != null && req.maxTokens() > args.ctx()) {
            throw LlmsvcException.invalid("max_tokens", "max_tokens is " + req.maxTokens() + " but model " + args.modelId()
                    + " has a context of " + args.ctx() + " tokens per request, prompt included; ask for at most that");
        }
        int promptTokens = countPromptTokens(req.prompt());
        int room = args.ctx() - promptTokens;
        if (room < 1) {
            throw new LlmsvcException(ErrorCode.CONTEXT_LENGTH_EXCEEDED, "the prompt has " + promptTokens
                    + " tokens but model " + args.modelId() + " has a context of " + args.ctx()
                    + " tokens per request, which leaves no room for a reply; shorten the prompt", "messages");
        }
        int nPredict = req.maxTokens() == null ? room : Math.min(req.maxTokens(), room);
        InferenceParameters p = new InferenceParameters(req.prompt())
                .setNPredict(nPredict)
                .setTemperature(req.temperature() == null ? 1f : req.temperature());
        if (req.topP() != null) p.setTopP(req.topP());
        if (req.seed() != null) p.setSeed(req.seed());
        if (req.stop() != null && !req.stop().isEmpty()) {
            Set<String> stops = new LinkedHashSet<>();
            for (String s : req.stop()) if (s != null && !s.isEmpty()) stops.add(s);
            if (!stops.isEmpty()) p.setStopStrings(stops.toArray(String[]::new));
        }
        String grammar = grammarFor(req.responseFormat());
        if (grammar != null) p.setGrammar(grammar);
        return new Prepared(p, promptTokens, nPredict);
    }

    static String grammarFor(ResponseFormat format) {
        if (format == null || format.type() == null || ResponseFormat.TEXT.equals(format.type())) return null;
        if (ResponseFormat.JSON_OBJECT.equals(format.type())) return JSON_GRAMMAR;
        if (!ResponseFormat.JSON_SCHEMA.equals(format.type())) {
            throw LlmsvcException.invalid("response_format.type", "response_format type must be text, json_object or json_schema");
        }
        JsonSchemaCheck.check(format.schema());
        String grammar;
        try {
            grammar = LlamaModel.jsonSchemaToGrammar(format.schema().toString());
        } catch (RuntimeException e) {
            throw LlmsvcException.invalid(JsonSchemaCheck.PARAM, "the JSON schema cannot be turned into a grammar");
        }
        // llama.cpp ignores a grammar it cannot parse and then generates unconstrained: never hand it one
        if (grammar == null || grammar.isBlank() || !grammar.contains("root ::=")) {
            throw LlmsvcException.invalid(JsonSchemaCheck.PARAM, "the JSON schema cannot be turned into a grammar");
        }
        return grammar;
    }

    /**
     * Streams the generation to {@code sink}: deltas, then one {@code Done} (or {@code Failed} when llama.cpp reports
     * an error mid-stream). When the sink fails the generation is cancelled at once so its slot is free again.
     */
    void generate(Prepared p, EventSink sink) throws IOException {
        LlamaIterator it;
        try {
            it = model.generate(p.params()).iterator();
        } catch (RuntimeException e) {
            sink.send(failed(e));
            return;
        }
        active.incrementAndGet();
        StringBuilder text = new StringBuilder();
        int partials = 0;
        try {
            while (it.hasNext()) {
                LlamaOutput o = it.next();
                if (it.hasNext()) partials++; // one partial per sampled token, except held-back UTF-8 pieces
                if (!o.text.isEmpty()) {
                    text.append(o.text);
                    sink.send(GenerationEvent.Delta.text(o.text));
                }
            }
            int completion = Math.min(p.nPredict(), Math.max(partials, model.encode(text.toString()).length));
            FinishReason finish = completion >= p.nPredict() ? FinishReason.LENGTH : FinishReason.STOP;
            throughput.record(completion);
            sink.send(new GenerationEvent.Done(finish, new Usage(p.promptTokens(), completion)));
        } catch (IOException clientGone) {
            it.cancel();
            throw clientGone;
        } catch (RuntimeException e) {
            it.cancel();
            sink.send(failed(e));
        } finally {
            active.decrementAndGet();
        }
    }

    private static GenerationEvent.Failed failed(RuntimeException e) {
        String msg = e.getMessage() == null ? "generation failed" : e.getMessage();
        if (msg.length() > 300) msg = msg.substring(0, 300);
        return new GenerationEvent.Failed(ErrorCode.INTERNAL.code(), "llama.cpp: " + msg);
    }

    EmbeddingResult embed(EmbeddingRequest req) {
        if (!args.embeddings()) throw LlmsvcException.invalid("model", "model " + args.modelId() + " not loaded with embeddings");
        if (req.input() == null || req.input().isEmpty()) throw LlmsvcException.invalid("input", "input must not be empty");
        List<float[]> vectors = new ArrayList<>(req.input().size());
        int tokens = 0;
        for (String text : req.input()) {
            if (text == null || text.isEmpty()) throw LlmsvcException.invalid("input", "input texts must not be empty");
            int n = countPromptTokens(text);
            if (n > args.ctx()) {
                throw new LlmsvcException(ErrorCode.CONTEXT_LENGTH_EXCEEDED, "an input has " + n + " tokens but model "
                        + args.modelId() + " embeds at most " + args.ctx(), "input");
            }
            tokens += n;
            vectors.add(normalise(model.embed(text)));
        }
        return new EmbeddingResult(vectors, tokens);
    }

    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        if (sum == 0) return v;
        float inv = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    TokenizeResult tokenize(TokenizeRequest req) {
        if (req.text() == null) throw LlmsvcException.invalid("text", "the runner counts text; render messages first");
        return new TokenizeResult(countPromptTokens(req.text()), args.ctx());
    }

    WorkerStatus status() {
        Set<String> caps = new LinkedHashSet<>(List.of(ModelCard.CHAT, ModelCard.COMPLETION, ModelCard.JSON));
        if (args.embeddings()) caps.add(ModelCard.EMBEDDINGS);
        ModelCard card = new ModelCard(args.modelId(), "llamacpp", args.ctx(), caps);
        int busy = active.get();
        return new WorkerStatus("runner-" + ProcessHandle.current().pid(), List.of(card),
                Math.max(0, busy - args.slots()), Math.min(busy, args.slots()), args.slots(), throughput.perSecond());
    }

    private static String loadGrammar() {
        try (InputStream in = RunnerService.class.getResourceAsStream("json.gbnf")) {
            if (in == null) throw new IllegalStateException("json.gbnf missing from the class path");
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#")) sb.append(line).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Generated tokens per second over all slots, as an exponentially decaying count (10 s time constant). */
    static final class Throughput {
        private static final double TAU_SECONDS = 10;
        private double tokens;
        private long lastNanos = System.nanoTime();

        synchronized void record(int n) {
            decay();
            tokens += n;
        }

        synchronized double perSecond() {
            decay();
            return tokens / TAU_SECONDS;
        }

        private void decay() {
            long now = System.nanoTime();
            tokens *= Math.exp(-(now - lastNanos) / (TAU_SECONDS * 1e9));
            lastNanos = now;
        }
    }
}
