package io.llmsvc.runtime.peers;

import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.ChunkView;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.EmbedRequest;
import io.llmsvc.api.agents.EmbedResponse;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.api.agents.SearchResponse;
import io.llmsvc.api.agents.UrlIngestRequest;
import io.llmsvc.runtime.internal.CallerHeaders;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@link DocumentsApi} over HTTP, for a gateway whose documents target runs in another process. Every call carries
 * the {@link Caller} ({@link CallerHeaders}). An upload is streamed as the request body, never held in memory;
 * its metadata travels in the query.
 */
public final class DocumentsHttpClient implements DocumentsApi {
    /** An upload may take long on a slow link; the time limit of other calls would cut it off. */
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final InternalHttp http;

    public DocumentsHttpClient(InternalHttp http) {
        this.http = http;
    }

    public String baseUrl() { return http.baseUrl(); }

    @Override
    public DocumentInfo ingestDocument(Caller caller, DocumentUpload upload) {
        StringBuilder q = new StringBuilder();
        param(q, "file_name", upload.fileName());
        param(q, "content_type", upload.contentType());
        param(q, "visibility", upload.visibility());
        param(q, "title", upload.title());
        if (upload.size() >= 0) param(q, "size", Long.toString(upload.size()));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(upload::content);
        // with a known size the body goes with a Content-Length, so the agent can refuse an oversized one up front
        if (upload.size() >= 0) body = HttpRequest.BodyPublishers.fromPublisher(body, upload.size());
        HttpRequest req = CallerHeaders.add(http.request(InternalPaths.DOCUMENTS + q), caller)
                .timeout(UPLOAD_TIMEOUT)
                .setHeader("Content-Type", "application/octet-stream")
                .POST(body)
                .build();
        return http.send(req, DocumentInfo.class);
    }

    @Override
    public DocumentInfo ingestUrl(Caller caller, UrlIngestRequest request) {
        return post(caller, InternalPaths.DOCUMENTS_URLS, request, DocumentInfo.class);
    }

    @Override
    public List<DocumentInfo> listDocuments(Caller caller) {
        return Arrays.asList(get(caller, InternalPaths.DOCUMENTS, DocumentInfo[].class));
    }

    @Override
    public List<DocumentInfo> listAllDocuments(Caller caller) {
        return Arrays.asList(get(caller, InternalPaths.DOCUMENTS + "?all=true", DocumentInfo[].class));
    }

    @Override
    public DocumentInfo getDocument(Caller caller, String documentId) {
        return get(caller, document(documentId), DocumentInfo.class);
    }

    @Override
    public void deleteDocument(Caller caller, String documentId) {
        http.send(CallerHeaders.add(http.request(document(documentId)), caller).DELETE().build(), Void.class);
    }

    @Override
    public DocumentInfo updateVisibility(Caller caller, String documentId, String visibility) {
        return post(caller, document(documentId) + "/visibility", new VisibilityBody(visibility), DocumentInfo.class);
    }

    @Override
    public ChunkView getChunk(Caller caller, String documentId, String chunkId) {
        return get(caller, document(documentId) + "/chunks/" + enc(chunkId), ChunkView.class);
    }

    @Override
    public SearchResponse searchDocuments(Caller caller, SearchRequest request) {
        return post(caller, InternalPaths.DOCUMENTS_SEARCH, request, SearchResponse.class);
    }

    @Override
    public AnswerResponse answerQuestion(Caller caller, AnswerRequest request) {
        return post(caller, InternalPaths.DOCUMENTS_ANSWER, request, AnswerResponse.class);
    }

    /**
     * The answer's events as NDJSON; a refused request is an HTTP error (thrown here), as for
     * {@link #answerQuestion}. Closing the stream closes the connection, which cancels the generation.
     */
    @Override
    public AnswerStream streamAnswer(Caller caller, AnswerRequest request) {
        HttpRequest req = CallerHeaders.add(http.request(InternalPaths.DOCUMENTS_ANSWER_STREAM), caller)
                .timeout(Duration.ofDays(1)) // an answer may stream long; liveness comes from the events
                .header("Accept", InternalPaths.NDJSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(InternalJson.MAPPER.writeValueAsBytes(request)))
                .build();
        return new NdjsonAnswerStream(http.stream(req), http);
    }

    @Override
    public EmbedResponse embedTexts(EmbedRequest request) {
        return http.post(InternalPaths.DOCUMENTS_EMBED, request, EmbedResponse.class);
    }

    /** Body of the internal visibility change. */
    public record VisibilityBody(String visibility) {}

    private <T> T get(Caller caller, String path, Class<T> type) {
        return http.send(CallerHeaders.add(http.request(path), caller).GET().build(), type);
    }

    private <T> T post(Caller caller, String path, Object body, Class<T> type) {
        return http.send(CallerHeaders.add(http.request(path), caller)
                .POST(HttpRequest.BodyPublishers.ofByteArray(InternalJson.MAPPER.writeValueAsBytes(body))).build(), type);
    }

    private static String document(String id) {
        return InternalPaths.DOCUMENTS + "/" + enc(id);
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value == null) return;
        q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(enc(value));
    }

    private static String enc(String s) {
        // %20 rather than '+': the value may sit in a path segment, where '+' is a plus
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
