package io.llmsvc.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a succeeded job produced: a stored file, a record of another feature, or both, and a one-line summary.
 *
 * @param fileId     a file in the object store, owned by the job's owner ({@code GET /api/files/{id}/url})
 * @param recordType the kind of record, e.g. {@code resume_profile}
 * @param recordId   its id
 * @param summary    a short human-readable outcome ("3 files, 12.4 MB")
 */
public record JobResult(
        @JsonProperty("file_id") String fileId,
        @JsonProperty("record_type") String recordType,
        @JsonProperty("record_id") String recordId,
        String summary) {

    public static JobResult file(String fileId, String summary) { return new JobResult(fileId, null, null, summary); }

    public static JobResult record(String type, String id, String summary) { return new JobResult(null, type, id, summary); }

    public static JobResult summary(String summary) { return new JobResult(null, null, null, summary); }
}
