package io.llmsvc.api;

/**
 * Every error the system reports, shared by all roles. Each code carries the HTTP status it maps to and the
 * OpenAI error {@code type} and {@code code} used on {@code /v1}.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request"),
    UNSUPPORTED_PARAMETER(400, "invalid_request_error", "unsupported_parameter"),
    CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", "context_length_exceeded"),
    UNAUTHORIZED(401, "authentication_error", "invalid_api_key"),
    FORBIDDEN(403, "permission_error", "forbidden"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    CONFLICT(409, "invalid_request_error", "conflict"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
    RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded"),
    INSUFFICIENT_QUOTA(429, "insufficient_quota", "insufficient_quota"),
    INTERNAL(500, "server_error", "internal_error"),
    UPSTREAM_ERROR(502, "server_error", "upstream_error"),
    NO_WORKER(503, "server_error", "no_worker_available"),
    UNAVAILABLE(503, "server_error", "service_unavailable"),
    TIMEOUT(504, "server_error", "timeout");

    private final int status;
    private final String type;
    private final String code;

    ErrorCode(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    public int status() { return status; }

    /** OpenAI error {@code type}. */
    public String type() { return type; }

    /** OpenAI error {@code code}; also the stable name used between roles. */
    public String code() { return code; }

    /** The code whose {@link #code()} is {@code code}, or {@link #INTERNAL}. */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code.equals(code)) return c;
        }
        return INTERNAL;
    }
}
