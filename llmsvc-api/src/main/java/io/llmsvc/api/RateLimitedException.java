package io.llmsvc.api;


/** A limit was reached: 429 with {@code Retry-After} ({@code rate_limit_exceeded} or {@code insufficient_quota}). */
public class RateLimitedException extends LlmsvcException {
    private final long retryAfterSeconds;

    public RateLimitedException(ErrorCode code, String message, long retryAfterSeconds) {
        super(code, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
}
