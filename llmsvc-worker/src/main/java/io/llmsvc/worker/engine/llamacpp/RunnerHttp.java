package io.llmsvc.worker.engine.llamacpp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalError;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;

/**
 * The runner's loopback HTTP server: the worker's internal contract ({@link InternalPaths}) on the JDK server.
 * Handlers run on platform threads, not virtual ones: llama.cpp calls block inside JNI, which would pin the few
 * carrier threads and stall every other request of the runner.
 */
final class RunnerHttp {
    private static final int MAX_BODY = 32 << 20;
    private static final ObjectWriter EVENTS = InternalJson.MAPPER.writerFor(GenerationEvent.class);

    private final RunnerService service;
    private final ClusterCredential credential;
    private HttpServer server;
    private ExecutorService executor;

    RunnerHttp(RunnerService service, ClusterCredential credential) {
        this.service = service;
        this.credential = credential;
    }

    /** Binds 127.0.0.1 on a free port and returns it. */
    int start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runner-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(InternalPaths.WORKER_GENERATE, ex -> handle(ex, "POST", this::generate));
        server.createContext(InternalPaths.WORKER_EMBED, ex -> handle(ex, "POST",
                e -> json(e, 200, service.embed(read(e, EmbeddingRequest.class)))));
        server.createContext(InternalPaths.WORKER_TOKENIZE, ex -> handle(ex, "POST",
                e -> json(e, 200, service.tokenize(read(e, TokenizeRequest.class)))));
        server.createContext(InternalPaths.WORKER_STATUS, ex -> handle(ex, "GET", e -> json(e, 200, service.status())));
        server.start();
        return server.getAddress().getPort();
    }

    void stop() {
        if (server != null) server.stop(0);
        if (executor != null) executor.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private void handle(HttpExchange ex, String method, Handler handler) {
        try (ex) {
            try {
                if (!credential.accepts(ex.getRequestHeaders().getFirst(ClusterCredential.HEADER))) {
                    throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "runner calls need the runner token");
                }
                if (!method.equals(ex.getRequestMethod())) {
                    throw new LlmsvcException(ErrorCode.METHOD_NOT_ALLOWED, ex.getRequestMethod() + " is not allowed here");
                }
                handler.handle(ex);
            } catch (LlmsvcException e) {
                if (ex.getResponseCode() < 0) json(ex, e.code().status(), InternalError.of(e));
            } catch (RuntimeException e) {
                if (ex.getResponseCode() < 0) {
                    String msg = "runner error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    json(ex, 500, InternalError.of(new LlmsvcException(ErrorCode.INTERNAL, msg)));
                }
            }
        } catch (IOException clientGone) {
            // nothing to answer to
        }
    }

    private void generate(HttpExchange ex) throws IOException {
        RunnerService.Prepared prepared = service.prepare(read(ex, GenerationRequest.class));
        ex.getResponseHeaders().set("Content-Type", InternalPaths.NDJSON);
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        service.generate(prepared, event -> {
            out.write(EVENTS.writeValueAsBytes(event));
            out.write('\n');
            out.flush(); // one chunk per event: the worker forwards tokens as they come
        });
    }

    private static <T> T read(HttpExchange ex, Class<T> type) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "request body over " + MAX_BODY + " bytes");
        try {
            T value = InternalJson.MAPPER.readValue(body, type);
            if (value == null) throw LlmsvcException.invalid(null, "empty request body");
            return value;
        } catch (JacksonException e) {
            throw LlmsvcException.invalid(null, "request body is not valid JSON for " + type.getSimpleName());
        }
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = InternalJson.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
