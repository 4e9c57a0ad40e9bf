package io.llmsvc.runtime.internal;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;

/**
 * Another target could not be reached, or the connection to it broke: a failure of that process, not of the
 * request. Callers tell it apart from an {@code UNAVAILABLE} the peer itself answered (for example a worker whose
 * upstream is down), which says nothing about the peer's health.
 */
public class PeerUnreachableException extends LlmsvcException {
    public PeerUnreachableException(ErrorCode code, String message, Throwable cause) {
        super(code, message, null, cause);
    }
}
