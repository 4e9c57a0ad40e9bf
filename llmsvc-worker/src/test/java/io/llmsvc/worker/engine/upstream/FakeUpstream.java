package io.llmsvc.worker.engine.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmsvc.worker.WorkerProperties.Upstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that speaks the OpenAI protocol the way real servers do: SSE chunks with
 * {@code choices[0].delta.content}, a finish chunk, a usage chunk with empty choices, {@code data: [DONE]}, and
 * OpenAI-style error bodies. Each generation request takes the next queued {@link Script}.
 */
final class FakeUpstream implements AutoCloseable {

    record Seen(String method, String path, String authorization, String body) {}

    @FunctionalInterface
    interface Script {
        void handle(HttpExchange ex) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedDeque<Script> scripts = new ConcurrentLinkedDeque<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile List<String> models = List.of("fake-model");
    /** Keys that {@code GET /models} accepts; null accepts any request. */
    volatile Set<String> validKeys;

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    Upstream settings(String keyMode, String operatorKey, int retries, Duration timeout) {
        return new Upstream("fake", baseUrl(), operatorKey, keyMode, List.of("fake-model"), timeout, retries, 4);
    }

    FakeUpstream then(Script s) {
        scripts.add(s);
        return this;
    }

    List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"), body));
        try {
            if (path.equals("/v1/models")) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                Set<String> valid = validKeys;
                if (valid != null && (auth == null || !valid.contains(auth.substring("Bearer ".length())))) {
                    error(401, "invalid_api_key", "Incorrect API key provided: " + auth).handle(ex);
                    return;
                }
                StringBuilder data = new StringBuilder();
                for (String m : models) {
                    if (!data.isEmpty()) data.append(',');
                    data.append("{\"id\":\"").append(m).append("\",\"object\":\"model\",\"owned_by\":\"fake\"}");
                }
                json(200, "{\"object\":\"list\",\"data\":[" + data + "]}").handle(ex);
                return;
            }
            Script s = scripts.poll();
            if (s == null) s = error(500, "server_error", "no script queued");
            s.handle(ex);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            ex.close();
        }
    }

    // ---- scripts ----

    static Script json(int status, String body) {
        return ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        };
    }

    static Script error(int status, String code, String message) {
        return json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\""
                + code + "\"}}");
    }

    /** Streams the given {@code data:} payloads, each as its own SSE event; pass "[DONE]" explicitly. */
    static Script sse(String... data) {
        return ex -> {
            OutputStream out = startSse(ex);
            for (String d : data) event(out, d);
        };
    }

    static OutputStream startSse(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---- OpenAI chunk shapes ----

    static String role() {
        return chunkWith("{\"role\":\"assistant\",\"content\":\"\"}", null);
    }

    static String content(String text) {
        return chunkWith("{\"content\":\"" + text + "\"}", null);
    }

    static String finish(String reason) {
        return chunkWith("{}", reason);
    }

    static String chunkWith(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":null}";
    }

    static String usage(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
