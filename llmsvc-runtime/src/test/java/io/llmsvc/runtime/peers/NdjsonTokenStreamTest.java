package io.llmsvc.runtime.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.llmsvc.api.Secret;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.Usage;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NdjsonTokenStreamTest {
    private HttpServer server;
    private WorkerHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        byte[] events = (InternalJson.MAPPER.writeValueAsString(GenerationEvent.Delta.text("hi")) + "\n"
                + InternalJson.MAPPER.writeValueAsString(new GenerationEvent.Done(FinishReason.LENGTH, new Usage(3, 1))) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext(InternalPaths.WORKER_GENERATE, ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", InternalPaths.NDJSON);
                ex.sendResponseHeaders(200, 0); // chunked, like a real event stream
                OutputStream out = ex.getResponseBody();
                out.write(events);
                out.flush();
            }
        });
        server.start();
        client = new WorkerHttpClient(new InternalHttp("http://127.0.0.1:" + server.getAddress().getPort(),
                new ClusterCredential(Secret.of("test-token")), Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /**
     * Reading a stream to its final event must leave the pooled connection usable: closing the body before its
     * end arrived used to close the connection under a request that had already reused it ("header parser
     * received no bytes") when many streams ran at once.
     */
    @Test
    void concurrentStreamsReadToTheirFinalEventAllSucceed() throws Exception {
        GenerationRequest req = new GenerationRequest("r", "m", List.of(ChatMessage.of("user", "hi")), null, 1, 0f,
                null, null, List.of(), null, null, null, null);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        try (TokenStream s = client.generate(req)) {
                            GenerationEvent last = null;
                            while (s.hasNext()) last = s.next();
                            assertThat(last).isInstanceOf(GenerationEvent.Done.class);
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(2, TimeUnit.MINUTES);
        }
        assertThat(done).hasValue(16 * 300);
    }
}
