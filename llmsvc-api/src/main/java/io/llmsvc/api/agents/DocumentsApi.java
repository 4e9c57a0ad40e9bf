package io.llmsvc.api.agents;

import java.util.List;

/**
 * Seed 001's document agent. Every call names its {@link Caller}: a caller sees its own documents, documents shared
 * with one of its roles and documents shared with everyone; admins see all. Ingestion is asynchronous: the returned
 * document is {@code queued} and moves through {@code parsing → embedding → ready} (or {@code failed}); search and
 * answers only ever use {@code ready} documents.
 */
public interface DocumentsApi {

    /** Stores an uploaded file and queues it for ingestion. The upload's content is read before this returns. */
    DocumentInfo ingestDocument(Caller caller, DocumentUpload upload);

    /** Fetches a URL (SSRF-guarded, size- and time-limited) in the background and ingests what it returns. */
    DocumentInfo ingestUrl(Caller caller, UrlIngestRequest request);

    /** The documents the caller may read as a user (admins too): their own and those shared with them. */
    List<DocumentInfo> listDocuments(Caller caller);

    /** Every user's documents: admins only (403 otherwise), and logged as an admin view. */
    List<DocumentInfo> listAllDocuments(Caller caller);

    /** 404 ({@code NOT_FOUND}) for a document the caller cannot see, as for one that does not exist. */
    DocumentInfo getDocument(Caller caller, String documentId);

    /** Only the owner or an admin may delete; removes the file, the chunks and the vectors. */
    void deleteDocument(Caller caller, String documentId);

    /** Only the owner or an admin may change who sees a document. */
    DocumentInfo updateVisibility(Caller caller, String documentId, String visibility);

    /** One chunk with its neighbourhood, for a citation the caller clicks. */
    ChunkView getChunk(Caller caller, String documentId, String chunkId);

    SearchResponse searchDocuments(Caller caller, SearchRequest request);

    /** A grounded answer with numbered citations (LLM), or the best passages labelled extractive (no LLM). */
    AnswerResponse answerQuestion(Caller caller, AnswerRequest request);

    /**
     * The same answer as a stream of {@link AnswerEvent}s: the model's text as it is written, the complete answer
     * last. A request that is refused (bad input, a model the caller may not use, no index) throws before the
     * stream is returned, as {@link #answerQuestion} does; later failures are a {@link AnswerEvent.Failed}. The
     * caller must close the stream (closing early cancels the generation).
     */
    default AnswerStream streamAnswer(Caller caller, AnswerRequest request) {
        return AnswerStream.of(answerQuestion(caller, request));
    }

    /** Embeddings of the configured document embedder ({@code POST /api/documents/embed}). */
    EmbedResponse embedTexts(EmbedRequest request);
}
