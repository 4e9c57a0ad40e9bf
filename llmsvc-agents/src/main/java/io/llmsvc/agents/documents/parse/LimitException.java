package io.llmsvc.agents.documents.parse;

import org.xml.sax.SAXException;

/** Thrown from inside extraction when a document passes a limit; aborts the parser wherever it is. */
final class LimitException extends SAXException {
    LimitException(String reason) {
        super(reason);
    }

    static LimitException characters(int max) {
        return new LimitException("the document has more than " + max + " characters of text (llmsvc.documents.max-characters)");
    }

    static LimitException pages(int max) {
        return new LimitException("the document has more than " + max + " pages (llmsvc.documents.max-pages)");
    }

    static LimitException time(java.time.Duration max) {
        String limit = max.toMillis() >= 1000 ? max.toSeconds() + " s" : max.toMillis() + " ms";
        return new LimitException("text extraction took longer than " + limit + " (llmsvc.documents.parse-timeout)");
    }
}
