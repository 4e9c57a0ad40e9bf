package io.llmsvc.agents.documents.store;

import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import java.time.Instant;

/**
 * One row of the {@code documents} table.
 *
 * @param title   null until the uploader or the parsed document gives one ({@link #displayTitle()} falls back to the source)
 * @param source  the sanitised file name, or the URL for documents fetched from the web
 */
public record DocumentRecord(
        String id,
        String ownerId,
        String title,
        String source,
        String contentType,
        long sizeBytes,
        String sha256,
        String visibility,
        DocumentStatus status,
        String error,
        int pages,
        int chunks,
        int attempts,
        Instant createdAt,
        Instant updatedAt) {

    /** True for documents fetched from a URL (a sanitised file name never contains {@code /}). */
    public boolean fromUrl() {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /** The title, or the source's last segment without its extension when there is none yet. */
    public String displayTitle() {
        if (title != null && !title.isBlank()) return title;
        String s = source;
        if (fromUrl()) {
            String path = s.replaceFirst("^https?://", "");
            int q = path.indexOf('?');
            if (q >= 0) path = path.substring(0, q);
            while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
            s = path.substring(path.lastIndexOf('/') + 1);
        }
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    public DocumentRecord withTitle(String newTitle) {
        return new DocumentRecord(id, ownerId, newTitle, source, contentType, sizeBytes, sha256, visibility, status, error,
                pages, chunks, attempts, createdAt, updatedAt);
    }

    public DocumentInfo toInfo() {
        return new DocumentInfo(id, ownerId, displayTitle(), source, contentType, sizeBytes, visibility, status, error,
                pages, chunks, createdAt, updatedAt);
    }
}
