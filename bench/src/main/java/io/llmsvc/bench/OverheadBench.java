package io.llmsvc.bench;

import com.sun.net.httpserver.HttpServer;
import io.llmsvc.api.Secret;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.openai.ChatCompletionRequest;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.gateway.auth.BootstrapKey;
import io.llmsvc.gateway.dispatch.WorkerRouter;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Gateway overhead: the same chat request ({@code max_tokens 1}, temperature 0) through the whole HTTP path
 * (JDK HttpClient, HTTP/1.1 → gateway {@code /v1/chat/completions} → controller lease → worker → runner) and against
 * the worker bean called directly in this JVM (same slots, same runner, same model). The paths alternate in rounds
 * so that drift of the shared machine hits both alike; only differences and ratios are meaningful.
 */
final class OverheadBench {
    static final String MODEL = "tiny";
    static final int SLOTS = 4;
    static final int[] LEVELS = {1, 16, 64};
    static final int ROUNDS = 6;
    private static final String PROMPT = "Say hello to the benchmark";

    private final InProcessSystem sys;
    private final WorkerApi worker;
    private final WorkerRouter router;
    private final HttpClient http;
    private final HttpRequest chatRequest;
    private final HttpRequest streamRequest;

    private OverheadBench(InProcessSystem sys) {
        this.sys = sys;
        this.worker = sys.worker();
        this.router = sys.context.getBean(WorkerRouter.class);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.chatRequest = post("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}],\"max_tokens\":1,\"temperature\":0}");
        this.streamRequest = post("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}],\"max_tokens\":4,\"temperature\":0,\"stream\":true}");
    }

    static void run() throws Exception {
        Path models = Files.createTempDirectory("llmsvc-bench-models");
        try {
            TinyModels.write(models, MODEL);
            try (InProcessSystem sys = InProcessSystem.start(models, "--llmsvc.worker.slots=" + SLOTS,
                    "--llmsvc.worker.context-size=256")) {
                new OverheadBench(sys).measure();
            }
        } finally {
            InProcessSystem.deleteTree(models);
        }
    }

    private void measure() throws Exception {
        System.out.println("model: TinyModels.write (2 layers, n_embd 64, F32), " + SLOTS + " slots, max_tokens 1, temperature 0");
        // warm-up: JIT, connection pool, runner threads
        for (int c : new int[] {1, 16}) {
            Load.run(this::gatewayCall, 300, c);
            Load.run(this::directCall, 300, c);
            Load.run(this::routerCall, 300, c);
        }

        Table t = new Table("concurrency", "requests/path", "direct p50 ms", "direct p99 ms", "gateway p50 ms",
                "gateway p99 ms", "added p50 ms", "added p99 ms", "direct req/s", "gateway req/s", "gateway/direct");
        for (int c : LEVELS) {
            int perRound = Math.max(50, c * 10);
            Stats direct = new Stats(), gateway = new Stats();
            long directWall = 0, gatewayWall = 0;
            for (int r = 0; r < ROUNDS; r++) {
                boolean gatewayFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    if ((k == 0) == gatewayFirst) {
                        Load.Batch b = Load.run(this::gatewayCall, perRound, c);
                        gateway.addAll(b.latencies());
                        gatewayWall += b.wallNanos();
                    } else {
                        Load.Batch b = Load.run(this::directCall, perRound, c);
                        direct.addAll(b.latencies());
                        directWall += b.wallNanos();
                    }
                }
            }
            double dRps = direct.count() / (directWall / 1e9), gRps = gateway.count() / (gatewayWall / 1e9);
            t.row(c, direct.count(), Stats.ms(direct.percentileMs(50)), Stats.ms(direct.percentileMs(99)),
                    Stats.ms(gateway.percentileMs(50)), Stats.ms(gateway.percentileMs(99)),
                    Stats.ms(gateway.percentileMs(50) - direct.percentileMs(50)),
                    Stats.ms(gateway.percentileMs(99) - direct.percentileMs(99)),
                    Stats.f1(dRps), Stats.f1(gRps), Stats.f2(gRps / dRps));
        }
        System.out.println("Non-streaming latency (request sent → whole response read); goals: added p50 <= 0.5 ms, p99 <= 2 ms");
        t.print();

        streaming();
        breakdown();
    }

    /** Time to the first content chunk (gateway SSE) against the first Delta (worker bean), at concurrency 1. */
    private void streaming() throws Exception {
        Load.run(this::gatewayFirstToken, 200, 1);
        Load.run(this::directFirstToken, 200, 1);
        Stats direct = new Stats(), gateway = new Stats();
        for (int r = 0; r < ROUNDS; r++) {
            if (r % 2 == 0) {
                gateway.addAll(Load.run(this::gatewayFirstToken, 100, 1).latencies());
                direct.addAll(Load.run(this::directFirstToken, 100, 1).latencies());
            } else {
                direct.addAll(Load.run(this::directFirstToken, 100, 1).latencies());
                gateway.addAll(Load.run(this::gatewayFirstToken, 100, 1).latencies());
            }
        }
        System.out.println("Streaming time to first token, concurrency 1, max_tokens 4; goal: added TTFT p50 <= 1 ms");
        new Table("requests/path", "direct p50 ms", "direct p99 ms", "gateway p50 ms", "gateway p99 ms", "added p50 ms", "added p99 ms")
                .row(direct.count(), Stats.ms(direct.percentileMs(50)), Stats.ms(direct.percentileMs(99)),
                        Stats.ms(gateway.percentileMs(50)), Stats.ms(gateway.percentileMs(99)),
                        Stats.ms(gateway.percentileMs(50) - direct.percentileMs(50)),
                        Stats.ms(gateway.percentileMs(99) - direct.percentileMs(99)))
                .print();
    }

    /** Where the added time goes, at concurrency 1: the gateway's steps measured one by one. */
    private void breakdown() throws Exception {
        HttpServer floor = bareServer();
        HttpRequest bareReq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + floor.getAddress().getPort() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\"}")).build();
        HttpRequest liveReq = HttpRequest.newBuilder(URI.create(sys.url() + "/health/live")).GET().build();
        HttpRequest modelsReq = HttpRequest.newBuilder(URI.create(sys.url() + "/v1/models"))
                .header("Authorization", "Bearer " + InProcessSystem.KEY).GET().build();
        List<Step> steps = List.of(
                new Step("worker bean (direct)", "slots, template, runner loopback HTTP, llama.cpp", this::directCall),
                new Step("WorkerRouter.generate", "+ controller lease, prefetch of the first event", this::routerCall),
                new Step("gateway HTTP", "+ HTTP, auth, Spring MVC, JSON in/out", this::gatewayCall),
                new Step("GET /health/live", "HTTP round trip + Spring MVC, tiny JSON", i -> timedGet(liveReq)),
                new Step("GET /v1/models", "+ API key filter (SHA-256), model list", i -> timedGet(modelsReq)),
                new Step("POST to a bare JDK HttpServer", "client + loopback TCP only: the floor of any HTTP hop", i -> timedGet(bareReq)));
        Load.run(steps.getLast().call, 300, 1);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < ROUNDS; r++) {
            for (Step st : steps) {
                long cpu0 = os.getProcessCpuTime();
                st.stats.addAll(Load.run(st.call, 100, 1).latencies());
                st.cpuNanos += os.getProcessCpuTime() - cpu0;
            }
        }
        floor.stop(0);
        System.out.println("Breakdown at concurrency 1 (the rows alternate in rounds; CPU = this JVM's CPU time per request:"
                + " client and gateway, not the runner process)");
        Table bt = new Table("path", "p50 ms", "p99 ms", "JVM CPU ms/req", "what it adds");
        for (Step st : steps) {
            bt.row(st.name, Stats.ms(st.stats.percentileMs(50)), Stats.ms(st.stats.percentileMs(99)),
                    Stats.ms(st.cpuNanos / 1e6 / st.stats.count()), st.adds);
        }
        bt.print();

        ControllerApi controller = sys.context.getBean(ControllerApi.class);
        BootstrapKey key = sys.context.getBean(BootstrapKey.class);
        byte[] body = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}],\"max_tokens\":1,\"temperature\":0}").getBytes(StandardCharsets.UTF_8);
        MethodHandle read = handle("io.llmsvc.gateway.openai.OpenAiJson", "read", byte[].class, Class.class);
        MethodHandle map = handle("io.llmsvc.gateway.openai.RequestMapper", "chat", ChatCompletionRequest.class, String.class, Secret.class);
        LeaseRequest lease = new LeaseRequest(MODEL, Set.of());
        new Table("step (in-process, one thread)", "mean µs")
                .row("parse body (OpenAiJson.read)", Stats.f2(meanMicros(() -> read.invoke(body, ChatCompletionRequest.class))))
                .row("parse + validate (RequestMapper.chat)", Stats.f2(meanMicros(() ->
                        map.invoke((ChatCompletionRequest) read.invoke(body, ChatCompletionRequest.class), "chatcmpl-x", (Secret) null))))
                .row("API key check (SHA-256)", Stats.f2(meanMicros(() -> key.matches(InProcessSystem.KEY))))
                .row("controller.leaseWorker", Stats.f2(meanMicros(() -> controller.leaseWorker(lease))))
                .print();
    }

    /** A JDK HttpServer that reads the body and answers a fixed 300-byte JSON: the cost of HTTP itself. */
    private static HttpServer bareServer() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        byte[] answer = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"text\":\"" + "a".repeat(240) + "\"}").getBytes(StandardCharsets.UTF_8);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        s.start();
        return s;
    }

    /** One row of the breakdown. */
    private static final class Step {
        final String name, adds;
        final Load.Call call;
        final Stats stats = new Stats();
        long cpuNanos;

        Step(String name, String adds, Load.Call call) {
            this.name = name;
            this.adds = adds;
            this.call = call;
        }
    }

    private interface Op {
        Object run() throws Throwable;
    }

    private static double meanMicros(Op op) throws Exception {
        try {
            for (int i = 0; i < 20_000; i++) op.run();
            int n = 50_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) op.run();
            return (System.nanoTime() - t0) / 1e3 / n;
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    private static MethodHandle handle(String cls, String name, Class<?>... params) throws Exception {
        Method m = Class.forName(cls).getDeclaredMethod(name, params);
        m.setAccessible(true);
        return MethodHandles.lookup().unreflect(m);
    }

    // ---- the calls ----

    private HttpRequest post(String json) {
        return HttpRequest.newBuilder(URI.create(sys.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + InProcessSystem.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static GenerationRequest request(int i, int maxTokens) {
        return new GenerationRequest("bench-" + i, MODEL, List.of(ChatMessage.of("user", PROMPT)), null, maxTokens, 0f,
                null, null, List.of(), null, null, null, null);
    }

    private long timedGet(HttpRequest req) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200) throw new IllegalStateException(req.uri() + " answered " + r.statusCode());
        return t;
    }

    long gatewayCall(int i) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(chatRequest, HttpResponse.BodyHandlers.ofByteArray());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("gateway answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return t;
    }

    long directCall(int i) {
        long t0 = System.nanoTime();
        drain(worker.generate(request(i, 1)), false);
        return System.nanoTime() - t0;
    }

    long routerCall(int i) {
        long t0 = System.nanoTime();
        drain(router.generate(request(i, 1)), false);
        return System.nanoTime() - t0;
    }

    long gatewayFirstToken(int i) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = http.send(streamRequest, HttpResponse.BodyHandlers.ofInputStream());
        long first = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) throw new IllegalStateException("gateway answered " + r.statusCode());
            String line;
            while ((line = in.readLine()) != null) {
                if (first < 0 && line.startsWith("data: {") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                    first = System.nanoTime() - t0;
                }
                if (line.equals("data: [DONE]")) break;
            }
        }
        if (first < 0) throw new IllegalStateException("the stream had no content chunk");
        return first;
    }

    long directFirstToken(int i) {
        long t0 = System.nanoTime();
        long first = drain(worker.generate(request(i, 4)), true);
        return first - t0;
    }

    /** Reads to the Done event, like the gateway does; returns the time of the first non-empty Delta when asked. */
    private static long drain(TokenStream stream, boolean firstToken) {
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
