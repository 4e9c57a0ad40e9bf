package io.llmsvc.api;

/**
 * An error with a known {@link ErrorCode}. Its message is shown to clients as is, so it must never contain a
 * secret or a stack trace; {@code param} names the offending request field when there is one.
 */
public class LlmsvcException extends RuntimeException {
    private final ErrorCode code;
    private final String param;

    public LlmsvcException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public LlmsvcException(ErrorCode code, String message, String param) {
        this(code, message, param, null);
    }

    public LlmsvcException(ErrorCode code, String message, String param, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.param = param;
    }

    public ErrorCode code() { return code; }

    public String param() { return param; }

    public static LlmsvcException invalid(String param, String message) {
        return new LlmsvcException(ErrorCode.INVALID_REQUEST, message, param);
    }
}
