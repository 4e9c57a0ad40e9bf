package io.llmsvc.agents.documents.web;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerEvent;
import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.EmbedRequest;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.api.agents.UrlIngestRequest;
import io.llmsvc.runtime.internal.CallerHeaders;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import io.llmsvc.runtime.peers.DocumentsHttpClient;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The document agent's contract over HTTP for gateways in other processes ({@link DocumentsHttpClient} is the
 * client). Every call names its caller in headers ({@link CallerHeaders}); the cluster credential was checked
 * before. An upload arrives as an {@code application/octet-stream} body that is handed to the agent as a stream
 * (its size is capped by the upload route, see {@link DocumentsWebConfiguration}); errors become
 * {@code InternalError} bodies with the same {@link ErrorCode}.
 */
@RestController
@ConditionalOnTarget(Target.DOCUMENTS)
class DocumentsInternalEndpoints {
    private final ObjectProvider<DocumentsApi> documents;

    DocumentsInternalEndpoints(ObjectProvider<DocumentsApi> documents) {
        this.documents = documents;
    }

    @PostMapping(InternalPaths.DOCUMENTS)
    ResponseEntity<byte[]> upload(@RequestParam(name = "file_name", required = false) String fileName,
                                  @RequestParam(name = "content_type", required = false) String contentType,
                                  @RequestParam(required = false) String visibility,
                                  @RequestParam(required = false) String title,
                                  @RequestParam(required = false) Long size,
                                  HttpServletRequest req) throws IOException {
        var caller = CallerHeaders.read(req);
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_OCTET_STREAM_VALUE)) {
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "an upload is an application/octet-stream body");
        }
        try (InputStream in = req.getInputStream()) {
            var info = api().ingestDocument(caller,
                    new DocumentUpload(fileName, contentType, visibility, title, size == null ? -1 : size, in));
            return json(HttpStatus.ACCEPTED, info);
        }
    }

    @PostMapping(InternalPaths.DOCUMENTS_URLS)
    ResponseEntity<byte[]> ingestUrl(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        var caller = CallerHeaders.read(req);
        return json(HttpStatus.ACCEPTED, api().ingestUrl(caller, InternalJson.readBody(body, UrlIngestRequest.class)));
    }

    @GetMapping(InternalPaths.DOCUMENTS)
    ResponseEntity<byte[]> list(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean all,
                                HttpServletRequest req) {
        io.llmsvc.api.agents.Caller caller = CallerHeaders.read(req);
        return json(HttpStatus.OK, all ? api().listAllDocuments(caller) : api().listDocuments(caller));
    }

    @GetMapping(InternalPaths.DOCUMENTS + "/{id}")
    ResponseEntity<byte[]> get(@PathVariable String id, HttpServletRequest req) {
        return json(HttpStatus.OK, api().getDocument(CallerHeaders.read(req), id));
    }

    @DeleteMapping(InternalPaths.DOCUMENTS + "/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest req) {
        api().deleteDocument(CallerHeaders.read(req), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(InternalPaths.DOCUMENTS + "/{id}/visibility")
    ResponseEntity<byte[]> visibility(@PathVariable String id, @RequestBody(required = false) byte[] body, HttpServletRequest req) {
        var caller = CallerHeaders.read(req);
        var v = InternalJson.readBody(body, DocumentsHttpClient.VisibilityBody.class);
        return json(HttpStatus.OK, api().updateVisibility(caller, id, v.visibility()));
    }

    @GetMapping(InternalPaths.DOCUMENTS + "/{id}/chunks/{chunkId}")
    ResponseEntity<byte[]> chunk(@PathVariable String id, @PathVariable String chunkId, HttpServletRequest req) {
        return json(HttpStatus.OK, api().getChunk(CallerHeaders.read(req), id, chunkId));
    }

    @PostMapping(InternalPaths.DOCUMENTS_SEARCH)
    ResponseEntity<byte[]> search(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        var caller = CallerHeaders.read(req);
        return json(HttpStatus.OK, api().searchDocuments(caller, InternalJson.readBody(body, SearchRequest.class)));
    }

    @PostMapping(InternalPaths.DOCUMENTS_ANSWER)
    ResponseEntity<byte[]> answer(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        var caller = CallerHeaders.read(req);
        return json(HttpStatus.OK, api().answerQuestion(caller, InternalJson.readBody(body, AnswerRequest.class)));
    }

    /**
     * The answer's events as NDJSON, flushed one by one. A refused request answers an error status before the
     * stream begins; a caller that hangs up makes a write fail, which closes (cancels) the answer's generation.
     */
    @PostMapping(InternalPaths.DOCUMENTS_ANSWER_STREAM)
    void answerStream(@RequestBody(required = false) byte[] body, HttpServletRequest req, HttpServletResponse res) throws IOException {
        var caller = CallerHeaders.read(req);
        AnswerStream stream = api().streamAnswer(caller, InternalJson.readBody(body, AnswerRequest.class));
        res.setContentType(InternalPaths.NDJSON);
        OutputStream out = res.getOutputStream();
        try (stream) {
            while (stream.hasNext()) line(stream.next(), out);
        } catch (LlmsvcException e) {
            line(new AnswerEvent.Failed(e.code().code(), e.getMessage()), out);
        }
    }

    private static void line(AnswerEvent event, OutputStream out) throws IOException {
        out.write(InternalJson.MAPPER.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
    }

    @PostMapping(InternalPaths.DOCUMENTS_EMBED)
    ResponseEntity<byte[]> embed(@RequestBody(required = false) byte[] body) {
        return json(HttpStatus.OK, api().embedTexts(InternalJson.readBody(body, EmbedRequest.class)));
    }

    private DocumentsApi api() {
        DocumentsApi d = documents.getIfAvailable();
        if (d == null) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the documents target runs here but has no document agent");
        return d;
    }

    private static ResponseEntity<byte[]> json(HttpStatus status, Object value) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(InternalJson.MAPPER.writeValueAsBytes(value));
    }
}
