package io.llmsvc.worker.web;

import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import io.llmsvc.runtime.internal.NdjsonWriter;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.ApiErrorMapper;
import io.llmsvc.worker.slot.LocalWorker;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

/**
 * The worker contract over HTTP ({@link InternalPaths}), for gateways in other processes. Generation streams
 * NDJSON; a gateway that hangs up cancels the generation on the next event.
 */
@RestController
@ConditionalOnTarget(Target.WORKER)
class WorkerEndpoints {
    private final LocalWorker worker;

    WorkerEndpoints(LocalWorker worker) {
        this.worker = worker;
    }

    @PostMapping(InternalPaths.WORKER_GENERATE)
    void generate(@RequestBody byte[] body, HttpServletResponse res) throws IOException {
        GenerationRequest req = read(body, GenerationRequest.class);
        TokenStream stream = worker.generate(req);
        res.setContentType(InternalPaths.NDJSON);
        NdjsonWriter.pump(stream, res.getOutputStream());
    }

    @PostMapping(InternalPaths.WORKER_EMBED)
    ResponseEntity<byte[]> embed(@RequestBody byte[] body) {
        return json(worker.embed(read(body, EmbeddingRequest.class)));
    }

    @PostMapping(InternalPaths.WORKER_TOKENIZE)
    ResponseEntity<byte[]> tokenize(@RequestBody byte[] body) {
        return json(worker.tokenize(read(body, TokenizeRequest.class)));
    }

    @GetMapping(InternalPaths.WORKER_STATUS)
    ResponseEntity<byte[]> status() {
        return json(worker.status());
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return InternalJson.MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw ApiErrorMapper.describeUnreadable(e);
        }
    }

    private static ResponseEntity<byte[]> json(Object o) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(InternalJson.MAPPER.writeValueAsBytes(o));
    }
}
