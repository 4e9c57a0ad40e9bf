package io.llmsvc.agents.documents.ingest;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.DocumentsProperties;
import io.llmsvc.agents.documents.chunk.Chunker;
import io.llmsvc.agents.documents.fetch.FetchException;
import io.llmsvc.agents.documents.fetch.UrlFetcher;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.parse.DocumentParser;
import io.llmsvc.agents.documents.parse.ParsedDocument;
import io.llmsvc.agents.documents.parse.RejectedDocumentException;
import io.llmsvc.agents.documents.storage.FileNames;
import io.llmsvc.agents.documents.storage.FileStorage;
import io.llmsvc.agents.documents.store.DocumentRecord;
import io.llmsvc.agents.documents.store.DocumentStore;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.DocumentStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one document: {@code queued → parsing} (download for URL documents, text extraction, chunking)
 * {@code → embedding} (vectors in batches) {@code → ready}, once the chunk index holds every chunk with its vector
 * (one atomic {@link ChunkIndex#replaceDocument}). Any problem with the document ends in {@code failed} with a
 * reason for its owner; an unexpected error fails that document alone. A document deleted meanwhile is dropped,
 * index entries included. When the process stops mid-way, the document keeps its status and {@link #recover} picks
 * it up at the next start.
 */
public final class Ingestor {
    private static final Logger log = LoggerFactory.getLogger(Ingestor.class);

    private final DocumentsProperties props;
    private final DocumentStore store;
    private final FileStorage storage;
    private final DocumentParser parser;
    private final Chunker chunker;
    private final UrlFetcher fetcher;
    private final Embedder embedder;
    private final Supplier<ChunkIndex> index;
    private volatile boolean closed;

    /** @param index the chunk index, or a supplier returning null when none is configured */
    public Ingestor(DocumentsProperties props, DocumentStore store, FileStorage storage, DocumentParser parser,
                    Chunker chunker, UrlFetcher fetcher, Embedder embedder, Supplier<ChunkIndex> index) {
        this.props = props;
        this.store = store;
        this.storage = storage;
        this.parser = parser;
        this.chunker = chunker;
        this.fetcher = fetcher;
        this.embedder = embedder;
        this.index = index;
    }

    /** Thrown inside a document's ingestion when the process is stopping: the document is left for recovery. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

    /** Runs the whole pipeline for document {@code id} if it is still queued; never throws. */
    public void ingest(String id) {
        if (closed) return;
        DocumentRecord doc = store.find(id).orElse(null);
        if (doc == null || doc.status() != DocumentStatus.QUEUED || !store.startParsing(id)) return;
        try {
            String nameHint = doc.fromUrl() ? UrlFetcher.fileNameOf(doc.source()) : doc.source();
            if (doc.fromUrl() && !storage.exists(id)) {
                nameHint = download(doc);
                if (store.find(id).isEmpty()) {
                    storage.delete(id); // deleted while it was downloading
                    return;
                }
            }
            if (!storage.exists(id)) throw new RejectedDocumentException("the original file is missing");
            ParsedDocument parsed = parser.parse(storage.path(id), nameHint);
            checkRunning();
            String title = doc.title() != null ? doc.title() : parsed.title() != null ? parsed.title() : doc.displayTitle();
            List<Chunk> chunks = chunker.chunk(id, title, doc.source(), parsed);
            if (chunks.isEmpty()) throw new RejectedDocumentException("no text found");
            if (!store.startEmbedding(id, parsed.pages(), parsed.contentType(), parsed.title())) return;
            List<float[]> vectors = embed(id, chunks);
            if (vectors == null) return;
            ChunkIndex idx = requireIndex();
            checkRunning();
            idx.replaceDocument(id, chunks, vectors);
            if (!store.markReady(id, chunks.size())) {
                // deleted (or failed) while it was being indexed: take its chunks out again
                idx.deleteDocument(id);
            } else {
                log.info("document {} ready: {} pages, {} chunks", id, parsed.pages(), chunks.size());
            }
        } catch (RejectedDocumentException | FetchException e) {
            log.info("document {} failed: {}", id, e.getMessage());
            fail(id, e.getMessage());
        } catch (EmbeddingFailed e) {
            log.info("document {} failed: {}", id, e.getMessage());
            fail(id, e.getMessage());
        } catch (Stopping e) {
            log.info("document {} left for the next start (stopping)", id);
        } catch (Throwable t) {
            if (closed || Thread.currentThread().isInterrupted()) {
                log.info("document {} left for the next start (stopping: {})", id, t.toString());
                return;
            }
            if (t instanceof VirtualMachineError vme && !(t instanceof OutOfMemoryError)) throw vme;
            log.warn("document {} failed unexpectedly", id, t);
            fail(id, "internal error while ingesting (" + t.getClass().getSimpleName() + ")");
            ChunkIndex idx = index.get();
            if (idx != null) {
                try {
                    idx.deleteDocument(id);
                } catch (RuntimeException ignored) {
                    // reconciled at the next start
                }
            }
        }
    }

    /** Downloads a URL document's body as its original; returns the file name to detect its type by. */
    private String download(DocumentRecord doc) throws FetchException, IOException {
        record Result(UrlFetcher.Fetched fetched, FileStorage.Staged staged) {}
        Result r = fetcher.fetch(doc.source(), (fetched, body) -> new Result(fetched, storage.stage(body, Long.MAX_VALUE)));
        try {
            checkRunning();
            storage.commit(r.staged(), doc.id());
        } catch (RuntimeException | IOException e) {
            storage.discard(r.staged());
            throw e;
        }
        store.updateContent(doc.id(), r.staged().stored().size(), r.staged().stored().sha256(), r.fetched().contentType());
        return r.fetched().fileName() == null ? null : FileNames.sanitize(r.fetched().fileName());
    }

    /** Vectors for every chunk, in order; null when the document was deleted meanwhile. */
    private List<float[]> embed(String id, List<Chunk> chunks) {
        List<float[]> vectors = new ArrayList<>(chunks.size());
        int batch = props.embedBatchSize();
        for (int i = 0; i < chunks.size(); i += batch) {
            checkRunning();
            if (i > 0 && store.find(id).map(d -> d.status() != DocumentStatus.EMBEDDING).orElse(true)) return null;
            List<String> texts = chunks.subList(i, Math.min(chunks.size(), i + batch)).stream().map(Ingestor::passage).toList();
            List<float[]> got = embedWithRetry(texts);
            if (got.size() != texts.size()) {
                throw new IllegalStateException("the embedder returned " + got.size() + " vectors for " + texts.size() + " texts");
            }
            vectors.addAll(got);
        }
        return vectors;
    }

    /** Delays before retrying a batch when the embedder is temporarily unavailable (a remote model restarting). */
    static final long[] RETRY_DELAYS_MS = {1_000, 4_000};

    private List<float[]> embedWithRetry(List<String> texts) {
        for (int attempt = 0; ; attempt++) {
            try {
                return embedder.embedPassages(texts);
            } catch (LlmsvcException e) {
                if (!transientError(e.code()) || attempt >= RETRY_DELAYS_MS.length) throw new EmbeddingFailed(e);
                log.info("embedder unavailable ({}); retrying in {} ms", e.getMessage(), RETRY_DELAYS_MS[attempt]);
                try {
                    Thread.sleep(RETRY_DELAYS_MS[attempt]);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new Stopping();
                }
                checkRunning();
            }
        }
    }

    private static boolean transientError(ErrorCode code) {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.UPSTREAM_ERROR || code == ErrorCode.TIMEOUT
                || code == ErrorCode.NO_WORKER || code == ErrorCode.RATE_LIMITED;
    }

    /** The embedder reported an error with a message meant for users (an {@link LlmsvcException}). */
    private static final class EmbeddingFailed extends RuntimeException {
        EmbeddingFailed(LlmsvcException cause) {
            super("embedding failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * The text embedded for a chunk: its section path, then its text, so that a passage is placed by its headings
     * as a reader would (the chunk text itself stays exactly the document's).
     */
    public static String passage(Chunk c) {
        return c.section() == null ? c.text() : c.section() + "\n" + c.text();
    }

    private void fail(String id, String reason) {
        try {
            store.markFailed(id, reason);
        } catch (RuntimeException e) {
            log.warn("could not record the failure of document {}", id, e);
        }
    }

    private ChunkIndex requireIndex() {
        ChunkIndex idx = index.get();
        if (idx == null) throw new IllegalStateException("no chunk index is configured");
        return idx;
    }

    private void checkRunning() {
        if (closed || Thread.currentThread().isInterrupted()) throw new Stopping();
    }

    /**
     * Restart recovery, run once at start before any new document is accepted for ingestion. Returns the ids to
     * queue, oldest first.
     * <ul>
     *   <li>Temporary files of interrupted uploads and downloads are removed; originals no document owns too.</li>
     *   <li>Documents left {@code queued}, {@code parsing} or {@code embedding} lose any index entries and are
     *       queued again when their original is on disk (or their URL can be fetched again); otherwise, or when
     *       they were interrupted {@code max-attempts} times already, they fail with the reason.</li>
     *   <li>Index entries of documents that are gone or not {@code ready} are removed; {@code ready} documents whose
     *       entries the index lost (a wiped or replaced index) are ingested again.</li>
     * </ul>
     */
    public List<String> recover() {
        List<String> queue = new ArrayList<>();
        try {
            int tmp = storage.clearTemporary();
            if (tmp > 0) log.info("removed {} temporary files of interrupted uploads", tmp);
        } catch (IOException e) {
            log.warn("could not clear the temporary upload directory: {}", e.toString());
        }
        ChunkIndex idx = index.get();
        for (DocumentRecord doc : store.findByStatus(List.of(DocumentStatus.QUEUED, DocumentStatus.PARSING, DocumentStatus.EMBEDDING))) {
            if (idx != null) idx.deleteDocument(doc.id());
            if (!storage.exists(doc.id()) && !doc.fromUrl()) {
                store.markFailed(doc.id(), "ingestion was interrupted and the original is missing");
            } else if (doc.attempts() >= props.maxAttempts()) {
                store.markFailed(doc.id(), "ingestion was interrupted " + doc.attempts()
                        + " times; giving up (llmsvc.documents.max-attempts)");
            } else if (doc.status() == DocumentStatus.QUEUED || store.requeue(doc.id(), doc.status())) {
                queue.add(doc.id());
            }
        }
        if (idx != null) {
            List<DocumentRecord> ready = store.findByStatus(List.of(DocumentStatus.READY));
            Set<String> readyIds = new HashSet<>();
            ready.forEach(d -> readyIds.add(d.id()));
            Set<String> indexed = idx.documentIds();
            for (String id : indexed) {
                if (!readyIds.contains(id)) {
                    idx.deleteDocument(id);
                    log.info("removed index entries of document {}, which is not ready or gone", id);
                }
            }
            for (DocumentRecord doc : ready) {
                if (doc.chunks() == 0 || indexed.contains(doc.id())) continue;
                if ((storage.exists(doc.id()) || doc.fromUrl()) && store.requeue(doc.id(), DocumentStatus.READY)) {
                    log.info("document {} is missing from the index; ingesting it again", doc.id());
                    queue.add(doc.id());
                } else {
                    store.failReady(doc.id(), "the index lost this document's chunks and the original is missing");
                }
            }
        }
        try {
            Set<String> orphans = storage.ids();
            orphans.removeAll(store.allIds());
            for (String id : orphans) storage.delete(id);
            if (!orphans.isEmpty()) log.info("removed {} original files that belong to no document", orphans.size());
        } catch (IOException e) {
            log.warn("could not list stored originals: {}", e.toString());
        }
        return queue;
    }

    /** Stops taking work: documents in progress stop at the next step and keep their status for recovery. */
    public void close() {
        closed = true;
    }
}
