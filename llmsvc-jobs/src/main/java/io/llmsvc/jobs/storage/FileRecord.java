package io.llmsvc.jobs.storage;

import io.llmsvc.api.files.FileInfo;
import java.time.Instant;

/** One row of the {@code files} table. */
public record FileRecord(String id, String ownerId, String name, String purpose, String contentType, long sizeBytes,
                         String sha256, String objectKey, String status, String jobId, Instant createdAt, Instant updatedAt) {
    public static final String PENDING = "pending";
    public static final String READY = "ready";

    public FileInfo info() {
        return new FileInfo(id, ownerId, name, purpose, contentType, sizeBytes, sha256, status, jobId, createdAt);
    }

    public boolean ready() { return READY.equals(status); }
}
