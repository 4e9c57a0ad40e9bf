package io.llmsvc.api.files;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A stored file as its owner sees it.
 *
 * @param name        the file name to download it as (never used as a path)
 * @param purpose     why it is stored: {@code upload}, {@code job-result}, ... (sets its limits)
 * @param status      {@code pending} until its bytes arrived through the upload URL, then {@code ready}
 * @param jobId       the job that produced it, or null
 */
public record FileInfo(
        String id,
        @JsonProperty("owner_id") String ownerId,
        String name,
        String purpose,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("size_bytes") long sizeBytes,
        String sha256,
        String status,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("created_at") Instant createdAt) {}
