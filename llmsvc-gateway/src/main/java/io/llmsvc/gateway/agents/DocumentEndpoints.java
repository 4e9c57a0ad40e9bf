package io.llmsvc.gateway.agents;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.ChunkView;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.EmbedRequest;
import io.llmsvc.api.agents.EmbedResponse;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.api.agents.SearchResponse;
import io.llmsvc.api.agents.UrlIngestRequest;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * Seed 001's document agent through the gateway. Every call acts as the signed-in user ({@link Agents#callerOf}):
 * a document the caller may not see answers 404 like one that does not exist. Uploads are
 * {@code multipart/form-data} (field {@code file}, optional {@code visibility} and {@code title}); a JSON body
 * {@code {"url", "visibility", "title"}} ingests a URL instead. Both answer 202 with the queued document.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class DocumentEndpoints {
    static final String PATH = "/api/documents";
    static final Set<String> UPLOAD_FIELDS = Set.of("file", "visibility", "title");
    static final Set<String> MODES = Set.of("hybrid", "fused", "bm25", "vector");
    static final int MAX_TOP_K = 50;
    static final int MAX_QUERY_CHARS = 10_000;
    static final int MAX_EMBED_INPUTS = 256;

    private final Agents agents;
    private final AgentAdmission admission;
    private final org.springframework.beans.factory.ObjectProvider<io.llmsvc.gateway.users.UserAccounts> accounts;

    DocumentEndpoints(Agents agents, AgentAdmission admission,
                      org.springframework.beans.factory.ObjectProvider<io.llmsvc.gateway.users.UserAccounts> accounts) {
        this.agents = agents;
        this.admission = admission;
        this.accounts = accounts;
    }

    record VisibilityBody(String visibility) {}

    @PostMapping(PATH)
    ResponseEntity<DocumentInfo> create(HttpServletRequest req) throws IOException {
        Principal p = Principal.of(req);
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(java.util.Locale.ROOT);
        DocumentInfo info;
        if (type.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)) {
            info = upload(p, req);
        } else if (type.startsWith(MediaType.APPLICATION_JSON_VALUE)) {
            UrlIngestRequest r = StrictJson.read(req.getInputStream().readAllBytes(), UrlIngestRequest.class);
            if (r.url() == null || r.url().isBlank()) throw LlmsvcException.invalid("url", "url must be a non-empty string");
            info = Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> agents.requireDocuments().ingestUrl(Agents.callerOf(p), r));
        } else {
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Type "
                    + (type.isEmpty() ? "(none)" : req.getContentType())
                    + "; send multipart/form-data with a 'file' field, or application/json with a 'url'");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH + "/" + info.id())).body(info);
    }

    private DocumentInfo upload(Principal p, HttpServletRequest req) throws IOException {
        MultipartHttpServletRequest mr = WebUtils.getNativeRequest(req, MultipartHttpServletRequest.class);
        if (mr == null) throw LlmsvcException.invalid("file", "the multipart/form-data body could not be read");
        for (String name : mr.getMultiFileMap().keySet()) checkField(name);
        for (String name : mr.getParameterMap().keySet()) checkField(name);
        List<MultipartFile> files = mr.getFiles("file");
        if (files.isEmpty()) throw LlmsvcException.invalid("file", "send the document in a multipart field named 'file'");
        if (files.size() > 1) throw LlmsvcException.invalid("file", "send one file per request");
        MultipartFile file = files.getFirst();
        String visibility = single(mr, "visibility");
        String title = single(mr, "title");
        DocumentsApi api = agents.requireDocuments();
        // the part is on disk (or, when small, in memory) already; the agent reads it as a stream
        try (InputStream in = file.getInputStream()) {
            DocumentUpload upload = new DocumentUpload(file.getOriginalFilename(), file.getContentType(), visibility, title, file.getSize(), in);
            return Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> api.ingestDocument(Agents.callerOf(p), upload));
        }
    }

    private static void checkField(String name) {
        if (!UPLOAD_FIELDS.contains(name)) throw LlmsvcException.invalid(name, "unknown field '" + name + "' (expected file, visibility, title)");
    }

    private static String single(MultipartHttpServletRequest mr, String name) {
        String[] values = mr.getParameterValues(name);
        if (values == null || values.length == 0) return null;
        if (values.length > 1) throw LlmsvcException.invalid(name, name + " was given more than once");
        return values[0].isBlank() ? null : values[0];
    }

    @GetMapping(PATH)
    Map<String, Object> list(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean all,
                             HttpServletRequest req) {
        Principal p = Principal.of(req);
        // every user's documents only when an admin asks for them (the agent logs it); else one's own and shared ones
        if (all) p.requireAdmin();
        List<DocumentInfo> docs = Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> all
                ? agents.requireDocuments().listAllDocuments(Agents.callerOf(p))
                : agents.requireDocuments().listDocuments(Agents.callerOf(p)));
        Map<String, String> names = accounts.getIfAvailable() == null ? Map.of()
                : accounts.getObject().usernames(docs.stream().map(DocumentInfo::ownerId).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", docs.stream().map(d -> new ListedDocument(d, names.get(d.ownerId()))).toList());
        return out;
    }

    /** A document with its owner's username (null when the owner is gone or is the bootstrap key). */
    record ListedDocument(@com.fasterxml.jackson.annotation.JsonUnwrapped DocumentInfo document,
                          @com.fasterxml.jackson.annotation.JsonProperty("owner_name") String ownerName) {}

    @GetMapping(PATH + "/{id}")
    DocumentInfo get(@PathVariable String id, HttpServletRequest req) {
        Principal p = Principal.of(req);
        return Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> agents.requireDocuments().getDocument(Agents.callerOf(p), id));
    }

    @DeleteMapping(PATH + "/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest req) {
        Principal p = Principal.of(req);
        Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> {
            agents.requireDocuments().deleteDocument(Agents.callerOf(p), id);
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    @PatchMapping(path = PATH + "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    DocumentInfo update(@PathVariable String id, @RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req);
        VisibilityBody v = StrictJson.read(body, VisibilityBody.class);
        if (v.visibility() == null || v.visibility().isBlank()) {
            throw LlmsvcException.invalid("visibility", "visibility must be private, everyone or role:<name>");
        }
        return Agents.call(Exchange.of(req), Agents.DOCUMENTS,
                () -> agents.requireDocuments().updateVisibility(Agents.callerOf(p), id, v.visibility()));
    }

    @GetMapping(PATH + "/{id}/chunks/{chunkId}")
    ChunkView chunk(@PathVariable String id, @PathVariable String chunkId, HttpServletRequest req) {
        Principal p = Principal.of(req);
        return Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> agents.requireDocuments().getChunk(Agents.callerOf(p), id, chunkId));
    }

    @PostMapping(path = PATH + "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    SearchResponse search(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req);
        SearchRequest r = StrictJson.read(body, SearchRequest.class);
        text("query", r.query());
        topK(r.topK());
        if (r.mode() != null && !MODES.contains(r.mode())) {
            throw LlmsvcException.invalid("mode", "mode must be one of hybrid, fused, bm25, vector");
        }
        return Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> agents.requireDocuments().searchDocuments(Agents.callerOf(p), r));
    }

    /** The body of {@code POST /api/documents/answer}: the agent's request, and whether to stream the answer. */
    record AnswerBody(String question, @com.fasterxml.jackson.annotation.JsonProperty("top_k") Integer topK, String model,
                      Boolean stream) {
        AnswerRequest request() { return new AnswerRequest(question, topK, model); }
    }

    /**
     * The answer as JSON, or with {@code "stream": true} as server-sent events ({@link AnswerSse}): a request the
     * limits or the agent refuse is still an HTTP error; a failure once the events began is an {@code error} event.
     */
    @PostMapping(path = PATH + "/answer", consumes = MediaType.APPLICATION_JSON_VALUE)
    AnswerResponse answer(@RequestBody(required = false) byte[] body, HttpServletRequest req, HttpServletResponse res) throws IOException {
        Principal p = Principal.of(req);
        AnswerBody b = StrictJson.read(body, AnswerBody.class);
        AnswerRequest r = b.request();
        text("question", r.question());
        topK(r.topK());
        Exchange ex = Exchange.of(req);
        if (Boolean.TRUE.equals(b.stream())) {
            admission.stream(p, ex, r.model(),
                    () -> Agents.call(ex, Agents.DOCUMENTS, () -> agents.requireDocuments().streamAnswer(Agents.callerOf(p), r)),
                    stream -> AnswerSse.write(stream, ex, res));
            return null; // written
        }
        return admission.answer(p, ex, r.model(),
                () -> Agents.call(ex, Agents.DOCUMENTS, () -> agents.requireDocuments().answerQuestion(Agents.callerOf(p), r)));
    }

    @PostMapping(path = PATH + "/embed", consumes = MediaType.APPLICATION_JSON_VALUE)
    EmbedResponse embed(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal.of(req);
        EmbedRequest r = StrictJson.read(body, EmbedRequest.class);
        if (r.input() == null || r.input().isEmpty() || r.input().size() > MAX_EMBED_INPUTS) {
            throw LlmsvcException.invalid("input", "input must be an array of 1-" + MAX_EMBED_INPUTS + " strings");
        }
        for (int i = 0; i < r.input().size(); i++) {
            if (r.input().get(i) == null) throw LlmsvcException.invalid("input[" + i + "]", "input[" + i + "] must be a string");
        }
        return Agents.call(Exchange.of(req), Agents.DOCUMENTS, () -> agents.requireDocuments().embedTexts(r));
    }

    private static void text(String field, String value) {
        if (value == null || value.isBlank()) throw LlmsvcException.invalid(field, field + " must be a non-empty string");
        if (value.length() > MAX_QUERY_CHARS) throw LlmsvcException.invalid(field, field + " is longer than " + MAX_QUERY_CHARS + " characters");
    }

    private static void topK(Integer topK) {
        if (topK != null && (topK < 1 || topK > MAX_TOP_K)) throw LlmsvcException.invalid("top_k", "top_k must be between 1 and " + MAX_TOP_K);
    }
}
