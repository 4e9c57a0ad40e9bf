package io.llmsvc.bench;

import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.runtime.internal.InternalJson;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The calls the overhead benchmark times, each returning its latency in nanoseconds: the worker bean in this JVM,
 * the worker's own HTTP endpoint ({@code /internal/worker/generate}, NDJSON) and the gateway
 * ({@code /v1/chat/completions}), the HTTP ones with the {@link LeanHttp} client or the JDK {@link HttpClient}.
 * Gateway calls record the {@code X-Llmsvc-Overhead-Ms} header they get into {@link #overheadHeader}.
 */
final class OverheadCalls {
    static final String MODEL = "tiny";
    static final String PROMPT = "Say hello to the benchmark";
    static final String CLUSTER_TOKEN = "bench-cluster-token-0123456789abcdef";

    /** A content chunk of the gateway's SSE stream with non-empty text. */
    static final Predicate<String> SSE_CONTENT = l -> l.startsWith("data: {") && l.contains("\"content\":\"")
            && !l.contains("\"content\":\"\"");
    /** A worker NDJSON delta with non-empty text. */
    static final Predicate<String> NDJSON_TEXT = l -> l.contains("\"event\":\"delta\"") && l.contains("\"text\":\"")
            && !l.contains("\"text\":\"\"");

    private final WorkerApi worker;
    private final WorkerRouter router;
    final LeanHttp lean;
    final HttpClient jdk;
    private final String base;
    private final LeanHttp.Request leanChat, leanStream, leanWorker, leanWorkerStream;
    private final HttpRequest jdkChat, jdkStream, jdkWorker, jdkWorkerStream;
    /** Header values (milliseconds) of gateway responses since the last {@link Stats#clear}. */
    final Stats overheadHeader = new Stats();

    OverheadCalls(InProcessSystem sys) {
        this.worker = sys.worker();
        this.router = sys.context.getBean(WorkerRouter.class);
        this.base = sys.url();
        this.lean = new LeanHttp("127.0.0.1", sys.port);
        this.jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> api = Map.of("Authorization", "Bearer " + InProcessSystem.KEY, "Content-Type", "application/json");
        Map<String, String> internal = Map.of("Authorization", "Bearer " + CLUSTER_TOKEN, "Content-Type", "application/json",
                "Accept", "application/x-ndjson");
        byte[] chat = chatBody(1, false), stream = chatBody(4, true);
        leanChat = lean.post("/v1/chat/completions", api, chat);
        leanStream = lean.post("/v1/chat/completions", api, stream);
        leanWorker = lean.post("/internal/worker/generate", internal, InternalJson.MAPPER.writeValueAsBytes(request(0, 1)));
        leanWorkerStream = lean.post("/internal/worker/generate", internal, InternalJson.MAPPER.writeValueAsBytes(request(0, 4)));
        jdkChat = jdkPost("/v1/chat/completions", api, chat);
        jdkStream = jdkPost("/v1/chat/completions", api, stream);
        jdkWorker = jdkPost("/internal/worker/generate", internal, InternalJson.MAPPER.writeValueAsBytes(request(0, 1)));
        jdkWorkerStream = jdkPost("/internal/worker/generate", internal, InternalJson.MAPPER.writeValueAsBytes(request(0, 4)));
    }

    private static byte[] chatBody(int maxTokens, boolean stream) {
        return ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}],\"max_tokens\":" + maxTokens + ",\"temperature\":0" + (stream ? ",\"stream\":true" : "") + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest jdkPost(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(b::header);
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** The GenerationRequest the gateway makes of the chat body (same prompt, max_tokens, temperature). */
    static GenerationRequest request(int i, int maxTokens) {
        return new GenerationRequest("bench-" + i, MODEL, List.of(ChatMessage.of("user", PROMPT)), null, maxTokens, 0f,
                null, null, List.of(), null, null, null, null);
    }

    // ---- whole response (max_tokens 1) ----

    long direct(int i) {
        long t0 = System.nanoTime();
        drain(worker.generate(request(i, 1)), false);
        return System.nanoTime() - t0;
    }

    long router(int i) {
        long t0 = System.nanoTime();
        drain(router.generate(request(i, 1)), false);
        return System.nanoTime() - t0;
    }

    long workerHttp(int i) {
        long t0 = System.nanoTime();
        LeanHttp.Response r = lean.send(leanWorker);
        long t = System.nanoTime() - t0;
        check(r, "\"event\":\"done\"");
        return t;
    }

    long gateway(int i) {
        long t0 = System.nanoTime();
        LeanHttp.Response r = lean.send(leanChat);
        long t = System.nanoTime() - t0;
        check(r, "\"chat.completion\"");
        header(r.overheadMs());
        return t;
    }

    long gatewayJdk(int i) throws Exception {
        return jdkWhole(jdkChat, "\"chat.completion\"", true);
    }

    long workerHttpJdk(int i) throws Exception {
        return jdkWhole(jdkWorker, "\"event\":\"done\"", false);
    }

    private long jdkWhole(HttpRequest req, String expected, boolean gateway) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = jdk.send(req, HttpResponse.BodyHandlers.ofByteArray());
        long t = System.nanoTime() - t0;
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() != 200 || !body.contains(expected)) throw new IllegalStateException("answered " + r.statusCode() + ": " + body);
        if (gateway) header(r.headers().firstValue("X-Llmsvc-Overhead-Ms").orElse(null));
        return t;
    }

    // ---- time to first token (max_tokens 4, streamed) ----

    long directFirstToken(int i) {
        long t0 = System.nanoTime();
        return drain(worker.generate(request(i, 4)), true) - t0;
    }

    long workerHttpFirstToken(int i) {
        long t0 = System.nanoTime();
        LeanHttp.Response r = lean.send(leanWorkerStream, NDJSON_TEXT);
        check(r, "\"event\":\"done\"");
        return marked(r, t0);
    }

    long gatewayFirstToken(int i) {
        long t0 = System.nanoTime();
        LeanHttp.Response r = lean.send(leanStream, SSE_CONTENT);
        check(r, "data: [DONE]");
        header(r.overheadMs());
        return marked(r, t0);
    }

    long gatewayJdkFirstToken(int i) throws Exception {
        return jdkFirst(jdkStream, SSE_CONTENT, "data: [DONE]", true);
    }

    long workerHttpJdkFirstToken(int i) throws Exception {
        return jdkFirst(jdkWorkerStream, NDJSON_TEXT, null, false);
    }

    /** Reads the stream line by line to its end ({@code last} or end of body); returns the time of the first marked line. */
    private long jdkFirst(HttpRequest req, Predicate<String> mark, String last, boolean gateway) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = jdk.send(req, HttpResponse.BodyHandlers.ofInputStream());
        long first = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) throw new IllegalStateException("answered " + r.statusCode());
            String line;
            while ((line = in.readLine()) != null) {
                if (first < 0 && mark.test(line)) first = System.nanoTime() - t0;
                if (line.equals(last)) break;
            }
        }
        if (first < 0) throw new IllegalStateException("the stream had no text");
        if (gateway) header(r.headers().firstValue("X-Llmsvc-Overhead-Ms").orElse(null));
        return first;
    }

    // ---- helpers ----

    private void header(String ms) {
        if (ms == null) throw new IllegalStateException("the gateway sent no X-Llmsvc-Overhead-Ms header");
        overheadHeader.addConcurrent((long) (Double.parseDouble(ms) * 1e6));
    }

    private static void check(LeanHttp.Response r, String expected) {
        if (r.status() != 200 || !r.text().contains(expected)) {
            throw new IllegalStateException("answered " + r.status() + ": " + r.text());
        }
    }

    private static long marked(LeanHttp.Response r, long t0) {
        if (r.markNanos() < 0) throw new IllegalStateException("the stream had no text: " + r.text());
        return r.markNanos() - t0;
    }

    /** Reads to the Done event, like the gateway does; returns the time of the first non-empty Delta when asked. */
    static long drain(TokenStream stream, boolean firstToken) {
        long first = -1;
        StringBuilder text = new StringBuilder();
        try (stream) {
            while (stream.hasNext()) {
                GenerationEvent e = stream.next();
                switch (e) {
                    case GenerationEvent.Delta d -> {
                        if (first < 0 && d.text() != null && !d.text().isEmpty()) first = System.nanoTime();
                        if (d.text() != null) text.append(d.text());
                    }
                    case GenerationEvent.Done d -> {
                        if (firstToken && first < 0) throw new IllegalStateException("the generation had no text");
                        return first;
                    }
                    case GenerationEvent.Failed f -> throw new IllegalStateException("generation failed: " + f.message());
                }
            }
        }
        throw new IllegalStateException("the stream ended without Done");
    }
}
