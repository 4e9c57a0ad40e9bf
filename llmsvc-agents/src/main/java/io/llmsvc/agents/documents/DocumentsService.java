package io.llmsvc.agents.documents;

import io.llmsvc.agents.documents.fetch.FetchException;
import io.llmsvc.agents.documents.fetch.UrlFetcher;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.ingest.IngestionQueue;
import io.llmsvc.agents.documents.search.DocumentRetrieval;
import io.llmsvc.agents.documents.storage.FileNames;
import io.llmsvc.agents.documents.storage.FileStorage;
import io.llmsvc.agents.documents.store.DocumentRecord;
import io.llmsvc.agents.documents.store.DocumentStore;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.ChunkView;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.EmbedRequest;
import io.llmsvc.api.agents.EmbedResponse;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.api.agents.SearchResponse;
import io.llmsvc.api.agents.UrlIngestRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document agent ({@link DocumentsApi}) in this process: uploads and URLs are stored and queued for background
 * ingestion; lists, reads, deletes and visibility changes check the caller against the document's owner and
 * visibility; search and answers are restricted to the {@code ready} documents the caller may read and delegated to
 * {@link DocumentRetrieval}.
 */
public class DocumentsService implements DocumentsApi {
    private static final Logger log = LoggerFactory.getLogger(DocumentsService.class);
    static final int MAX_QUERY = 2000;
    static final int MAX_TOP_K = 50;
    static final int DEFAULT_TOP_K = 5;
    static final int MAX_EMBED_TEXTS = 256;
    static final int MAX_EMBED_CHARS = 8000;
    private static final Set<String> MODES = Set.of("hybrid", "fused", "bm25", "vector");

    private final DocumentsProperties props;
    private final DocumentStore store;
    private final FileStorage storage;
    private final IngestionQueue queue;
    private final UrlFetcher fetcher;
    private final Embedder embedder;
    private final Supplier<ChunkIndex> index;
    private final Supplier<DocumentRetrieval> retrieval;

    /** {@code index} and {@code retrieval} may supply null when not configured (their calls then answer 503). */
    public DocumentsService(DocumentsProperties props, DocumentStore store, FileStorage storage, IngestionQueue queue,
                            UrlFetcher fetcher, Embedder embedder, Supplier<ChunkIndex> index,
                            Supplier<DocumentRetrieval> retrieval) {
        this.props = props;
        this.store = store;
        this.storage = storage;
        this.queue = queue;
        this.fetcher = fetcher;
        this.embedder = embedder;
        this.index = index;
        this.retrieval = retrieval;
    }

    @Override
    public DocumentInfo ingestDocument(Caller caller, DocumentUpload upload) {
        requireCaller(caller);
        if (upload == null || upload.content() == null) throw LlmsvcException.invalid("file", "a file is required");
        String visibility = Visibility.parse(upload.visibility());
        String title = title(upload.title());
        long max = props.maxUploadSize().toBytes();
        if (upload.size() > max) {
            throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than the limit of " + max + " bytes", "file");
        }
        String name = FileNames.sanitize(upload.fileName());
        String id = UUID.randomUUID().toString();
        FileStorage.Staged staged;
        try {
            staged = storage.stage(upload.content(), max);
        } catch (IOException e) {
            throw new LlmsvcException(ErrorCode.INVALID_REQUEST, "the upload could not be read: " + e.getMessage(), "file", e);
        }
        try {
            storage.commit(staged, id);
            store.insert(newRecord(id, caller, title, name, clientType(upload.contentType()), staged.stored().size(),
                    staged.stored().sha256(), visibility));
        } catch (IOException | RuntimeException e) {
            storage.discard(staged);
            storage.delete(id);
            if (e instanceof LlmsvcException le) throw le;
            throw new LlmsvcException(ErrorCode.INTERNAL, "the document could not be stored", null, e);
        }
        queue.submit(id);
        log.info("document {} uploaded by {}: {} bytes", id, caller.userId(), staged.stored().size());
        return info(id);
    }

    @Override
    public DocumentInfo ingestUrl(Caller caller, UrlIngestRequest request) {
        requireCaller(caller);
        if (request == null || request.url() == null || request.url().isBlank()) throw LlmsvcException.invalid("url", "a url is required");
        String visibility = Visibility.parse(request.visibility());
        String title = title(request.title());
        String url;
        try {
            url = fetcher.check(request.url()).toString();
        } catch (FetchException e) {
            throw LlmsvcException.invalid("url", e.getMessage());
        }
        String id = UUID.randomUUID().toString();
        store.insert(newRecord(id, caller, title, url, null, 0, null, visibility));
        queue.submit(id);
        log.info("document {} queued from a URL by {}", id, caller.userId());
        return info(id);
    }

    @Override
    public List<DocumentInfo> listDocuments(Caller caller) {
        requireCaller(caller);
        return store.listVisible(caller).stream().map(DocumentRecord::toInfo).toList();
    }

    @Override
    public List<DocumentInfo> listAllDocuments(Caller caller) {
        requireCaller(caller);
        if (!caller.isAdmin()) throw new LlmsvcException(ErrorCode.FORBIDDEN, "only admins may list every user's documents");
        log.info("admin view: {} listed every user's documents", caller.userId());
        return store.listAll().stream().map(DocumentRecord::toInfo).toList();
    }

    @Override
    public DocumentInfo getDocument(Caller caller, String documentId) {
        return visible(caller, documentId).toInfo();
    }

    @Override
    public void deleteDocument(Caller caller, String documentId) {
        DocumentRecord doc = owned(caller, documentId);
        // the row first: from now on the document is neither listed nor searchable, whatever happens next
        store.delete(doc.id());
        ChunkIndex idx = index.get();
        try {
            if (idx != null) idx.deleteDocument(doc.id());
        } catch (RuntimeException e) {
            log.warn("could not remove the chunks of deleted document {} now; they are removed at the next start", doc.id(), e);
        }
        storage.delete(doc.id());
        log.info("document {} deleted by {}", doc.id(), caller.userId());
    }

    @Override
    public DocumentInfo updateVisibility(Caller caller, String documentId, String visibility) {
        if (visibility == null || visibility.isBlank()) throw LlmsvcException.invalid("visibility", "visibility is required");
        String v = Visibility.parse(visibility);
        DocumentRecord doc = owned(caller, documentId);
        if (!store.updateVisibility(doc.id(), v)) throw notFound();
        return info(doc.id());
    }

    @Override
    public ChunkView getChunk(Caller caller, String documentId, String chunkId) {
        DocumentRecord doc = visible(caller, documentId);
        if (doc.status() != DocumentStatus.READY || chunkId == null || !chunkId.startsWith(doc.id() + ":")) {
            throw new LlmsvcException(ErrorCode.NOT_FOUND, "no such chunk");
        }
        Chunk c = requireIndex().chunk(chunkId);
        if (c == null || !c.documentId().equals(doc.id())) throw new LlmsvcException(ErrorCode.NOT_FOUND, "no such chunk");
        return new ChunkView(doc.id(), c.chunkId(), c.title(), c.source(), c.page(), c.section(), c.text(), c.start(), c.end());
    }

    @Override
    public SearchResponse searchDocuments(Caller caller, SearchRequest request) {
        requireCaller(caller);
        if (request == null) throw LlmsvcException.invalid("query", "query is required");
        String query = query("query", request.query());
        int topK = topK(request.topK());
        String mode = request.mode() == null || request.mode().isBlank() ? "hybrid" : request.mode().strip().toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) throw LlmsvcException.invalid("mode", "mode must be one of hybrid, fused, bm25, vector");
        Set<String> allowed = store.readableReadyIds(caller);
        return requireRetrieval().search(query, topK, mode, allowed);
    }

    @Override
    public AnswerResponse answerQuestion(Caller caller, AnswerRequest request) {
        Answering a = answering(caller, request);
        return requireRetrieval().answer(a.question(), a.topK(), a.model(), a.allowed(), caller::mayUse);
    }

    @Override
    public io.llmsvc.api.agents.AnswerStream streamAnswer(Caller caller, AnswerRequest request) {
        Answering a = answering(caller, request);
        return requireRetrieval().streamAnswer(a.question(), a.topK(), a.model(), a.allowed(), caller::mayUse);
    }

    /** A checked answer request and the documents it may use. */
    private record Answering(String question, int topK, String model, Set<String> allowed) {}

    private Answering answering(Caller caller, AnswerRequest request) {
        requireCaller(caller);
        if (request == null) throw LlmsvcException.invalid("question", "question is required");
        String question = query("question", request.question());
        int topK = topK(request.topK());
        String model = request.model() == null || request.model().isBlank() ? null : request.model().strip();
        if (model != null && model.length() > 256) throw LlmsvcException.invalid("model", "model is longer than 256 characters");
        if (model != null && !caller.mayUse(model)) {
            throw new LlmsvcException(io.llmsvc.api.ErrorCode.FORBIDDEN, "this API key may not use model '" + model + "'", "model");
        }
        return new Answering(question, topK, model, store.readableReadyIds(caller));
    }

    @Override
    public EmbedResponse embedTexts(EmbedRequest request) {
        List<String> texts = request == null ? null : request.input();
        if (texts == null || texts.isEmpty() || texts.size() > MAX_EMBED_TEXTS) {
            throw LlmsvcException.invalid("input", "input must be a list of 1 to " + MAX_EMBED_TEXTS + " texts");
        }
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) throw LlmsvcException.invalid("input", "input[" + i + "] is blank");
            if (t.length() > MAX_EMBED_CHARS) {
                throw LlmsvcException.invalid("input", "input[" + i + "] is longer than " + MAX_EMBED_CHARS + " characters");
            }
        }
        return new EmbedResponse(embedder.id(), embedder.dimensions(), embedder.embedPassages(texts));
    }

    /** The document if the caller may read it, else 404 (as for one that does not exist). */
    private DocumentRecord visible(Caller caller, String documentId) {
        requireCaller(caller);
        if (documentId == null || documentId.isBlank() || documentId.length() > 64) throw notFound();
        DocumentRecord doc = store.findVisible(caller, documentId).orElseThrow(DocumentsService::notFound);
        if (caller.isAdmin() && !doc.ownerId().equals(caller.userId()) && !sharedWith(caller, doc.visibility())) {
            log.info("admin view: {} reached document {} of user {} ({})", caller.userId(), doc.id(), doc.ownerId(), doc.visibility());
        }
        return doc;
    }

    /** Whether a document of this visibility is shared with the caller as a user (not as an admin). */
    private static boolean sharedWith(Caller caller, String visibility) {
        return "everyone".equals(visibility) || (visibility != null && visibility.startsWith("role:") && caller.hasRole(visibility.substring(5)));
    }

    /** The document if the caller owns it or is an admin; 403 when it may only read it, 404 when not even that. */
    private DocumentRecord owned(Caller caller, String documentId) {
        DocumentRecord doc = visible(caller, documentId);
        if (!caller.isAdmin() && !doc.ownerId().equals(caller.userId())) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "only the owner of a document or an admin may change or delete it");
        }
        return doc;
    }

    private DocumentInfo info(String id) {
        return store.find(id).map(DocumentRecord::toInfo).orElseThrow(DocumentsService::notFound);
    }

    private static DocumentRecord newRecord(String id, Caller caller, String title, String source, String contentType,
                                            long size, String sha256, String visibility) {
        Instant now = Instant.now();
        return new DocumentRecord(id, caller.userId(), title, source, contentType, size, sha256, visibility,
                DocumentStatus.QUEUED, null, 0, 0, 0, now, now);
    }

    private static String query(String param, String q) {
        if (q == null || q.isBlank()) throw LlmsvcException.invalid(param, param + " must not be blank");
        if (q.length() > MAX_QUERY) throw LlmsvcException.invalid(param, param + " is longer than " + MAX_QUERY + " characters");
        return q.strip();
    }

    private static int topK(Integer topK) {
        if (topK == null) return DEFAULT_TOP_K;
        if (topK < 1 || topK > MAX_TOP_K) throw LlmsvcException.invalid("top_k", "top_k must be between 1 and " + MAX_TOP_K);
        return topK;
    }

    /** A title given by the uploader: cleaned, at most 300 characters, null when blank. */
    private static String title(String raw) {
        if (raw == null) return null;
        String t = raw.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (t.isEmpty()) return null;
        if (t.length() > 300) throw LlmsvcException.invalid("title", "title is longer than 300 characters");
        return t;
    }

    /** The client's claimed content type, kept until the bytes are detected; only a plausible type is kept. */
    private static String clientType(String contentType) {
        if (contentType == null) return null;
        String t = contentType.strip().toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) t = t.substring(0, semi).strip();
        return t.matches("[a-z0-9.+-]{1,64}/[a-z0-9.+-]{1,127}") ? t : null;
    }

    private ChunkIndex requireIndex() {
        ChunkIndex idx = index.get();
        if (idx == null) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "no document index is configured");
        return idx;
    }

    private DocumentRetrieval requireRetrieval() {
        DocumentRetrieval r = retrieval.get();
        if (r == null) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "document search is not configured");
        return r;
    }

    private static void requireCaller(Caller caller) {
        if (caller == null) throw new LlmsvcException(ErrorCode.UNAUTHORIZED, "a caller is required");
    }

    private static LlmsvcException notFound() {
        return new LlmsvcException(ErrorCode.NOT_FOUND, "no such document");
    }
}
