package io.llmsvc.gateway.openai;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.openai.ChatCompletion;
import io.llmsvc.api.openai.ChatCompletionChunk;
import io.llmsvc.api.openai.ChatCompletionRequest;
import io.llmsvc.api.openai.Completion;
import io.llmsvc.api.openai.CompletionRequest;
import io.llmsvc.api.openai.EmbeddingsRequest;
import io.llmsvc.api.openai.EmbeddingsResponse;
import io.llmsvc.api.openai.ModelList;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.gateway.exchange.WatchedStream;
import io.llmsvc.gateway.quota.Admission;
import io.llmsvc.gateway.quota.Estimates;
import io.llmsvc.gateway.quota.Permit;
import jakarta.servlet.http.HttpServletRequest;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.ErrorBodies;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible API. Bodies are parsed strictly ({@link OpenAiJson}), validated ({@link RequestMapper}),
 * dispatched through the controller to a worker ({@link WorkerRouter}) and answered in OpenAI's shapes, streamed
 * as SSE when asked. A client that disconnects mid-stream cancels the generation on the worker.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class OpenAiEndpoints {
    static final String PROVIDER_KEY_HEADER = "X-Provider-Key";

    private final WorkerRouter router;
    private final ControllerApi controller;
    private final Admission admission;

    OpenAiEndpoints(WorkerRouter router, ControllerApi controller, Admission admission) {
        this.router = router;
        this.controller = controller;
        this.admission = admission;
    }

    /**
     * Admits the request against the caller's limits, dispatches it, and hands the watched stream to {@code answer};
     * the permit is settled with the usage the worker reported.
     */
    private void serve(GenerationRequest g, HttpServletRequest req, StreamAnswer answer) throws IOException {
        Exchange ex = Exchange.of(req);
        ex.model(g.model());
        try (Permit permit = admission.admit(Principal.of(req), g.model(), () -> Estimates.reservation(g, router))) {
            long t = System.nanoTime();
            TokenStream stream;
            try {
                stream = router.generate(g);
            } finally {
                ex.waited(System.nanoTime() - t);
            }
            answer.write(new WatchedStream(stream, ex), ex);
            if (ex.promptTokens() + ex.completionTokens() > 0) permit.settle(ex.promptTokens() + ex.completionTokens());
        }
    }

    @FunctionalInterface
    private interface StreamAnswer {
        void write(TokenStream stream, Exchange exchange) throws IOException;
    }

    @GetMapping("/v1/models")
    ModelList models() {
        List<ModelList.Model> data = new ArrayList<>();
        for (ModelCard c : controller.listModels()) data.add(new ModelList.Model(c.id(), "model", 0, "llmsvc-" + c.engine()));
        return new ModelList("list", data);
    }

    @GetMapping("/v1/models/{id}")
    ModelList.Model model(@PathVariable String id) {
        for (ModelCard c : controller.listModels()) {
            if (c.id().equals(id)) return new ModelList.Model(c.id(), "model", 0, "llmsvc-" + c.engine());
        }
        throw new LlmsvcException(ErrorCode.MODEL_NOT_FOUND, "model '" + id + "' does not exist", "model");
    }

    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    void chat(@RequestBody(required = false) byte[] body,
              @RequestHeader(value = PROVIDER_KEY_HEADER, required = false) String providerKey,
              HttpServletRequest req, HttpServletResponse res) throws IOException {
        ChatCompletionRequest r = OpenAiJson.read(body, ChatCompletionRequest.class);
        String id = Ids.next("chatcmpl-");
        GenerationRequest g = RequestMapper.chat(r, id, Secret.of(providerKey));
        long created = System.currentTimeMillis() / 1000;
        boolean usage = r.streamOptions() != null && Boolean.TRUE.equals(r.streamOptions().includeUsage());
        serve(g, req, (stream, ex) -> {
            if (Boolean.TRUE.equals(r.stream())) streamEvents(stream, chatChunks(id, created, g.model()), usage, ex, res);
            else writeJson(res, ex, collectChat(stream, id, created, g.model()));
        });
    }

    @PostMapping(path = "/v1/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    void completions(@RequestBody(required = false) byte[] body,
                     @RequestHeader(value = PROVIDER_KEY_HEADER, required = false) String providerKey,
                     HttpServletRequest req, HttpServletResponse res) throws IOException {
        CompletionRequest r = OpenAiJson.read(body, CompletionRequest.class);
        String id = Ids.next("cmpl-");
        GenerationRequest g = RequestMapper.completion(r, id, Secret.of(providerKey));
        long created = System.currentTimeMillis() / 1000;
        boolean usage = r.streamOptions() != null && Boolean.TRUE.equals(r.streamOptions().includeUsage());
        serve(g, req, (stream, ex) -> {
            if (Boolean.TRUE.equals(r.stream())) {
                streamEvents(stream, completionChunks(id, created, g.model()), usage, ex, res);
            } else {
                StringBuilder text = new StringBuilder();
                GenerationEvent.Done done = drain(stream, text, null);
                writeJson(res, ex, new Completion(id, "text_completion", created, g.model(),
                        List.of(new Completion.Choice(text.toString(), 0, null, done.finishReason().wire())), done.usage()));
            }
        });
    }

    @PostMapping(path = "/v1/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EmbeddingsResponse> embeddings(@RequestBody(required = false) byte[] body,
                                                  @RequestHeader(value = PROVIDER_KEY_HEADER, required = false) String providerKey,
                                                  HttpServletRequest req) {
        EmbeddingsRequest r = OpenAiJson.read(body, EmbeddingsRequest.class);
        String model = RequestMapper.model(r.model());
        List<String> inputs = embeddingInputs(r.input());
        boolean base64 = "base64".equals(r.encodingFormat());
        if (r.encodingFormat() != null && !base64 && !"float".equals(r.encodingFormat())) {
            throw LlmsvcException.invalid("encoding_format", "'encoding_format' must be float or base64");
        }
        if (r.dimensions() != null) {
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_PARAMETER, "'dimensions' is not supported; vectors have the model's size", "dimensions");
        }
        Exchange ex = Exchange.of(req);
        ex.model(model);
        EmbeddingResult result;
        try (Permit permit = admission.admit(Principal.of(req), model, Estimates.tokens(inputs))) {
            long t = System.nanoTime();
            try {
                result = router.embed(new EmbeddingRequest(model, inputs, Secret.of(providerKey)));
            } finally {
                ex.waited(System.nanoTime() - t);
            }
            ex.usage(new io.llmsvc.api.worker.Usage(result.promptTokens(), 0));
            permit.settle(result.promptTokens());
        }
        List<EmbeddingsResponse.Item> items = new ArrayList<>(result.vectors().size());
        for (int i = 0; i < result.vectors().size(); i++) {
            float[] v = result.vectors().get(i);
            items.add(new EmbeddingsResponse.Item("embedding", i, base64 ? toBase64(v) : v));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(Exchange.OVERHEAD_HEADER, ex.overheadHeader()).body(new EmbeddingsResponse("list", items, model,
                new EmbeddingsResponse.Usage(result.promptTokens(), result.promptTokens())));
    }

    static final int MAX_EMBEDDING_INPUTS = 2048;

    private static List<String> embeddingInputs(JsonNode input) {
        if (input == null || input.isNull()) throw LlmsvcException.invalid("input", "'input' is required");
        if (input.isString()) {
            if (input.asString().isEmpty()) throw LlmsvcException.invalid("input", "'input' must not be empty");
            return List.of(input.asString());
        }
        if (!input.isArray() || input.isEmpty()) throw LlmsvcException.invalid("input", "'input' must be a string or a non-empty array of strings");
        if (input.size() > MAX_EMBEDDING_INPUTS) throw LlmsvcException.invalid("input", "'input' takes at most " + MAX_EMBEDDING_INPUTS + " strings");
        List<String> out = new ArrayList<>(input.size());
        for (JsonNode n : input) {
            if (!n.isString()) {
                throw new LlmsvcException(ErrorCode.UNSUPPORTED_PARAMETER, "'input' must hold strings (token arrays are not supported)", "input");
            }
            if (n.asString().isEmpty()) throw LlmsvcException.invalid("input", "'input' strings must not be empty");
            out.add(n.asString());
        }
        return out;
    }

    private static String toBase64(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) buf.putFloat(f);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    private static ChatCompletion collectChat(TokenStream stream, String id, long created, String model) {
        StringBuilder text = new StringBuilder();
        ToolCallAccumulator tools = new ToolCallAccumulator();
        GenerationEvent.Done done = drain(stream, text, tools);
        ChatCompletion.AssistantMessage msg = new ChatCompletion.AssistantMessage("assistant",
                tools.isEmpty() || !text.isEmpty() ? text.toString() : null, tools.isEmpty() ? null : tools.toJson(), null);
        return new ChatCompletion(id, "chat.completion", created, model,
                List.of(new ChatCompletion.Choice(0, msg, done.finishReason().wire(), null)), done.usage(), null);
    }

    /** Reads a stream to its end; a Failed event becomes the exception it stands for. */
    private static GenerationEvent.Done drain(TokenStream stream, StringBuilder text, ToolCallAccumulator tools) {
        try (stream) {
            while (stream.hasNext()) {
                GenerationEvent e = stream.next();
                switch (e) {
                    case GenerationEvent.Delta d -> {
                        if (d.text() != null) text.append(d.text());
                        if (tools != null) tools.add(d.toolCalls());
                    }
                    case GenerationEvent.Done d -> {
                        return d;
                    }
                    case GenerationEvent.Failed f -> throw new LlmsvcException(ErrorCode.fromCode(f.code()), f.message());
                }
            }
        }
        throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the worker ended the generation without a result");
    }

    /** How one kind of completion renders the events of a stream as SSE payloads. */
    private interface ChunkFormat {
        /** The payload sent before any token, or null. */
        Object opening();

        Object delta(GenerationEvent.Delta d);

        Object finish(GenerationEvent.Done d);

        Object usage(GenerationEvent.Done d);
    }

    private static ChunkFormat chatChunks(String id, long created, String model) {
        return new ChunkFormat() {
            ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finish) {
                return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                        List.of(new ChatCompletionChunk.Choice(0, delta, finish)), null);
            }

            public Object opening() { return chunk(new ChatCompletionChunk.Delta("assistant", "", null), null); }

            public Object delta(GenerationEvent.Delta d) { return chunk(new ChatCompletionChunk.Delta(null, d.text(), d.toolCalls()), null); }

            public Object finish(GenerationEvent.Done d) { return chunk(new ChatCompletionChunk.Delta(null, null, null), d.finishReason().wire()); }

            public Object usage(GenerationEvent.Done d) { return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), d.usage()); }
        };
    }

    private static ChunkFormat completionChunks(String id, long created, String model) {
        return new ChunkFormat() {
            Completion chunk(String text, String finish) {
                return new Completion(id, "text_completion", created, model, List.of(new Completion.Choice(text, 0, null, finish)), null);
            }

            public Object opening() { return null; }

            public Object delta(GenerationEvent.Delta d) { return chunk(d.text() == null ? "" : d.text(), null); }

            public Object finish(GenerationEvent.Done d) { return chunk("", d.finishReason().wire()); }

            public Object usage(GenerationEvent.Done d) { return new Completion(id, "text_completion", created, model, List.of(), d.usage()); }
        };
    }

    /**
     * Streams a generation as SSE in OpenAI's shape; a failure after the first byte becomes an error event before
     * {@code [DONE]}. A client that hangs up makes a write fail, which closes (cancels) the stream.
     */
    private static void streamEvents(TokenStream stream, ChunkFormat format, boolean includeUsage, Exchange ex,
                                     HttpServletResponse res) throws IOException {
        ex.streamed();
        res.setHeader(Exchange.OVERHEAD_HEADER, ex.overheadHeader());
        SseWriter sse = new SseWriter(res, OpenAiJson.MAPPER);
        try (stream) {
            Object opening = format.opening();
            if (opening != null) sse.event(opening);
            while (stream.hasNext()) {
                switch (stream.next()) {
                    case GenerationEvent.Delta d -> sse.event(format.delta(d));
                    case GenerationEvent.Done d -> {
                        sse.event(format.finish(d));
                        if (includeUsage) sse.event(format.usage(d));
                    }
                    case GenerationEvent.Failed f -> sse.event(ErrorBodies.bodyFor("/v1",
                            new LlmsvcException(ErrorCode.fromCode(f.code()), f.message())));
                }
            }
        } catch (LlmsvcException e) {
            sse.event(ErrorBodies.bodyFor("/v1", e));
        }
        sse.done();
    }

    private static void writeJson(HttpServletResponse res, Exchange ex, Object body) throws IOException {
        res.setContentType(MediaType.APPLICATION_JSON_VALUE);
        res.setHeader(Exchange.OVERHEAD_HEADER, ex.overheadHeader());
        res.getOutputStream().write(OpenAiJson.MAPPER.writeValueAsBytes(body));
    }

}
