package io.llmsvc.runtime.internal;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;

/** The error body of internal endpoints: a stable code, a message safe to show, the offending field. */
public record InternalError(String code, String message, String param) {

    public static InternalError of(LlmsvcException e) {
        return new InternalError(e.code().code(), e.getMessage(), e.param());
    }

    public LlmsvcException toException() {
        return new LlmsvcException(ErrorCode.fromCode(code), message, param);
    }
}
