package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A document as its owner sees it.
 *
 * @param source     the uploaded file name (no directories) or the URL it came from
 * @param visibility {@code private}, {@code everyone} or {@code role:<name>}
 * @param error      why ingestion failed ({@code status = failed}), else null
 * @param pages      pages (PDF), slides (PPTX) or 1, once parsed
 * @param chunks     chunks indexed, once ready
 */
public record DocumentInfo(
        String id,
        @JsonProperty("owner_id") String ownerId,
        String title,
        String source,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("size_bytes") long sizeBytes,
        String visibility,
        DocumentStatus status,
        String error,
        int pages,
        int chunks,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {}
