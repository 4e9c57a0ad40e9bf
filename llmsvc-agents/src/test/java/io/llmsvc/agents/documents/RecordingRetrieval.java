package io.llmsvc.agents.documents;

import io.llmsvc.agents.documents.search.DocumentRetrieval;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.SearchHit;
import io.llmsvc.api.agents.SearchResponse;
import java.util.List;
import java.util.Set;

/**
 * Stands in for the retrieval of the search side in the ingestion tests: keyword search over the in-memory index,
 * recording what the document service asked for (notably which documents it allowed).
 */
public final class RecordingRetrieval implements DocumentRetrieval {
    public record Call(String query, int topK, String mode, String model, Set<String> allowed) {}

    private final MemoryChunkIndex index;
    public volatile Call last;

    public RecordingRetrieval(MemoryChunkIndex index) {
        this.index = index;
    }

    @Override
    public SearchResponse search(String query, int topK, String mode, Set<String> allowedDocuments) {
        last = new Call(query, topK, mode, null, Set.copyOf(allowedDocuments));
        List<SearchHit> hits = index.keywordSearch(query, topK, allowedDocuments).stream()
                .map(s -> new SearchHit(s.chunk().documentId(), s.chunk().chunkId(), s.chunk().title(), s.chunk().source(),
                        s.chunk().page(), s.chunk().section(), s.chunk().text(), s.score(), s.chunk().start(), s.chunk().end()))
                .toList();
        return new SearchResponse(hits, mode);
    }

    @Override
    public AnswerResponse answer(String question, int topK, String model, Set<String> allowedDocuments,
                                 java.util.function.Predicate<String> mayUse) {
        last = new Call(question, topK, null, model, Set.copyOf(allowedDocuments));
        return new AnswerResponse("extractive", List.of(), "extractive", null, false);
    }
}
