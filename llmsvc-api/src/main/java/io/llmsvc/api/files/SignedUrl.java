package io.llmsvc.api.files;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A presigned URL: whoever holds it may do {@code method} on one file until {@code expiresAt}, without other
 * credentials. For uploads, {@code headers} lists what the request must send (its Content-Type).
 */
public record SignedUrl(
        String method,
        String url,
        @JsonProperty("expires_at") Instant expiresAt,
        Map<String, String> headers) {}
