package io.llmsvc.runtime.peers;

import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.api.worker.WorkerStatus;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import java.net.http.HttpRequest;

/**
 * {@link WorkerApi} over HTTP: used by the gateway for workers in other processes and by a worker for its model
 * runner processes. Generation events arrive as NDJSON; closing the stream closes the connection, which the
 * serving side notices and cancels the generation.
 */
public final class WorkerHttpClient implements WorkerApi {
    private final InternalHttp http;

    public WorkerHttpClient(InternalHttp http) {
        this.http = http;
    }

    public String baseUrl() { return http.baseUrl(); }

    @Override
    public TokenStream generate(GenerationRequest request) {
        HttpRequest req = http.request(InternalPaths.WORKER_GENERATE)
                .timeout(java.time.Duration.ofDays(1)) // a stream may last long; liveness comes from the events
                .header("Accept", InternalPaths.NDJSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(InternalJson.MAPPER.writeValueAsBytes(request)))
                .build();
        return new NdjsonTokenStream(http.stream(req), http);
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        return http.post(InternalPaths.WORKER_EMBED, request, EmbeddingResult.class);
    }

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        return http.post(InternalPaths.WORKER_TOKENIZE, request, TokenizeResult.class);
    }

    @Override
    public WorkerStatus status() {
        return http.get(InternalPaths.WORKER_STATUS, WorkerStatus.class);
    }
}
