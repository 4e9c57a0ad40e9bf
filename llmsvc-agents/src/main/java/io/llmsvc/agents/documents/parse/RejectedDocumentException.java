package io.llmsvc.agents.documents.parse;

/**
 * A document that cannot be ingested, with the reason shown to its owner ({@code failed} status): unsupported
 * type, encrypted, corrupt, empty, too large, a decompression bomb. Nothing else is affected.
 */
public class RejectedDocumentException extends Exception {
    public RejectedDocumentException(String reason) {
        super(reason);
    }

    public RejectedDocumentException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
