package io.llmsvc.agents.documents.search;

import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.SearchResponse;
import java.util.Set;

/**
 * Search and answers over the chunk index. The caller (the document service) has already decided which documents
 * may be used: ready ones the asking user may see.
 */
public interface DocumentRetrieval {

    /** @param mode {@code hybrid} (default), {@code fused}, {@code bm25} or {@code vector} — see {@link io.llmsvc.api.agents.SearchRequest} */
    SearchResponse search(String query, int topK, String mode, Set<String> allowedDocuments);

    /** @param model the chat model to use, or null for the agents' default; extractive when none is loaded */
    default AnswerResponse answer(String question, int topK, String model, Set<String> allowedDocuments) {
        return answer(question, topK, model, allowedDocuments, m -> true);
    }

    /** As above, generating only with a model {@code mayUse} accepts (the caller's key may be limited to some). */
    AnswerResponse answer(String question, int topK, String model, Set<String> allowedDocuments,
                          java.util.function.Predicate<String> mayUse);

    /** The same answer streamed: see {@link io.llmsvc.api.agents.AnswerEvent}. */
    default io.llmsvc.api.agents.AnswerStream streamAnswer(String question, int topK, String model, Set<String> allowedDocuments,
                                                           java.util.function.Predicate<String> mayUse) {
        return io.llmsvc.api.agents.AnswerStream.of(answer(question, topK, model, allowedDocuments, mayUse));
    }
}
