package io.llmsvc.bench;

import com.sun.net.httpserver.HttpServer;
import io.llmsvc.api.Secret;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.openai.ChatCompletionRequest;
import io.llmsvc.gateway.auth.BootstrapKey;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Where the gateway's added time goes, at concurrency 1: the layers of the path measured one by one (alternating
 * in rounds, with the CPU they cost), then the gateway's own steps timed in a loop on one thread.
 */
final class OverheadBreakdown {
    private final InProcessSystem sys;
    private final OverheadCalls calls;
    private final boolean jdkClient;

    OverheadBreakdown(InProcessSystem sys, OverheadCalls calls, boolean jdkClient) {
        this.sys = sys;
        this.calls = calls;
        this.jdkClient = jdkClient;
    }

    /** One row of the breakdown. */
    private record Step(String name, String adds, Load.Call call, Stats stats, long[] cpu) {
        Step(String name, String adds, Load.Call call) {
            this(name, adds, call, new Stats(), new long[2]);
        }
    }

    void run() throws Exception {
        HttpServer floor = bareServer();
        LeanHttp bare = new LeanHttp("127.0.0.1", floor.getAddress().getPort());
        byte[] small = ("{\"model\":\"" + OverheadCalls.MODEL + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> key = Map.of("Authorization", "Bearer " + InProcessSystem.KEY);
        List<Step> steps = List.of(
                new Step("worker bean (direct)", "slots, template, runner loopback HTTP (JDK HttpClient), llama.cpp", calls::direct),
                new Step("WorkerRouter.generate", "+ controller lease, prefetch of the first event", calls::router),
                new Step("worker over HTTP", "+ HTTP hop: Tomcat, Spring MVC, cluster token, NDJSON",
                        jdkClient ? calls::workerHttpJdk : calls::workerHttp),
                new Step("gateway HTTP", "+ API key, OpenAI parse/validate, lease, OpenAI JSON",
                        jdkClient ? calls::gatewayJdk : calls::gateway),
                new Step("GET /health/live", "HTTP round trip + Spring MVC, tiny JSON", get(calls.lean, "/health/live", Map.of())),
                new Step("GET /v1/models", "+ API key filter (SHA-256), model list", get(calls.lean, "/v1/models", key)),
                new Step("POST to a bare JDK HttpServer", "client + loopback TCP + JDK server: the floor of any HTTP hop",
                        post(bare, "/", small)));
        for (Step st : steps) Load.run(st.call, 30, 1);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < 20; r++) {
            for (int k = 0; k < steps.size(); k++) {
                Step st = steps.get((r + k) % steps.size());
                long cpu0 = os.getProcessCpuTime(), run0 = OverheadBench.runnerCpuNanos();
                st.stats.addAll(Load.run(st.call, 15, 1).latencies());
                st.cpu[0] += os.getProcessCpuTime() - cpu0;
                st.cpu[1] += OverheadBench.runnerCpuNanos() - run0;
            }
        }
        bare.close();
        floor.stop(0);
        System.out.println("Breakdown at concurrency 1 (" + (jdkClient ? "JDK HttpClient" : "lean client")
                + "; the rows alternate in rounds; CPU per request of this JVM — client, gateway, worker — and of the runner process)");
        Table bt = new Table("path", "p50 ms", "p99 ms", "bench JVM CPU ms/req", "runner CPU ms/req", "what it adds");
        for (Step st : steps) {
            int n = st.stats.count();
            bt.row(st.name, Stats.ms(st.stats.percentileMs(50)), Stats.ms(st.stats.percentileMs(99)),
                    Stats.f2(st.cpu[0] / 1e6 / n), Stats.f2(st.cpu[1] / 1e6 / n), st.adds);
        }
        bt.print();
        steps();
    }

    /** The gateway's own steps in a loop on one thread (no HTTP). */
    private void steps() throws Exception {
        ControllerApi controller = sys.context.getBean(ControllerApi.class);
        BootstrapKey key = sys.context.getBean(BootstrapKey.class);
        byte[] body = ("{\"model\":\"" + OverheadCalls.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + OverheadCalls.PROMPT + "\"}],\"max_tokens\":1,\"temperature\":0}").getBytes(StandardCharsets.UTF_8);
        MethodHandle read = handle("io.llmsvc.gateway.openai.OpenAiJson", "read", byte[].class, Class.class);
        MethodHandle map = handle("io.llmsvc.gateway.openai.RequestMapper", "chat", ChatCompletionRequest.class, String.class, Secret.class);
        LeaseRequest lease = new LeaseRequest(OverheadCalls.MODEL, Set.of());
        new Table("step (in-process, one thread)", "mean µs")
                .row("parse body (OpenAiJson.read)", Stats.f2(meanMicros(() -> read.invoke(body, ChatCompletionRequest.class))))
                .row("parse + validate (RequestMapper.chat)", Stats.f2(meanMicros(() ->
                        map.invoke((ChatCompletionRequest) read.invoke(body, ChatCompletionRequest.class), "chatcmpl-x", (Secret) null))))
                .row("API key check (SHA-256)", Stats.f2(meanMicros(() -> key.matches(InProcessSystem.KEY))))
                .row("controller.leaseWorker", Stats.f2(meanMicros(() -> controller.leaseWorker(lease))))
                .print();
    }

    private Load.Call get(LeanHttp lean, String path, Map<String, String> headers) {
        if (jdkClient) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sys.url() + path)).GET();
            headers.forEach(b::header);
            return jdk(b.build());
        }
        LeanHttp.Request req = lean.get(path, headers);
        return i -> timed(lean, req);
    }

    private Load.Call post(LeanHttp lean, String path, byte[] body) {
        if (jdkClient) {
            return jdk(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lean.port() + path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        }
        LeanHttp.Request req = lean.post(path, Map.of("Content-Type", "application/json"), body);
        return i -> timed(lean, req);
    }

    private static long timed(LeanHttp lean, LeanHttp.Request req) {
        long t0 = System.nanoTime();
        LeanHttp.Response r = lean.send(req);
        long t = System.nanoTime() - t0;
        if (r.status() != 200) throw new IllegalStateException(req.target + " answered " + r.status());
        return t;
    }

    private Load.Call jdk(HttpRequest req) {
        return i -> {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = calls.jdk.send(req, HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200) throw new IllegalStateException(req.uri() + " answered " + r.statusCode());
            return t;
        };
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
}
