package io.llmsvc.agents.documents.fetch;

/** A URL that was refused (SSRF rules, limits, type) or could not be fetched; the message is shown to the user. */
public class FetchException extends Exception {
    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
