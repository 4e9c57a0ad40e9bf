package io.llmsvc.agents.documents.store;

import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code documents} table: ownership, visibility and ingestion status, the source of truth the chunk index is
 * reconciled with. A caller may read a document when it owns it, when the document is shared with
 * {@code everyone}, when it is shared with {@code role:<r>} and the caller has role {@code r}, or when the caller
 * is an admin. Status changes are conditional on the status they leave, so a document deleted (or failed) while a
 * worker ingests it is never brought back.
 */
public class DocumentStore {
    private static final String COLUMNS = "id, owner_id, title, source, content_type, size_bytes, sha256, visibility, "
            + "status, error, pages, chunks, attempts, created_at, updated_at";
    static final int MAX_ERROR = 1000;
    static final int MAX_TITLE = 300;

    private final JdbcTemplate jdbc;

    public DocumentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new document; its status, pages, chunks and attempts are taken from {@code r}. */
    public void insert(DocumentRecord r) {
        jdbc.update("INSERT INTO documents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.ownerId(), clip(r.title(), MAX_TITLE), r.source(), clip(r.contentType(), 255), r.sizeBytes(),
                r.sha256(), r.visibility(), r.status().wire(), clip(r.error(), MAX_ERROR), r.pages(), r.chunks(),
                r.attempts(), Timestamp.from(r.createdAt()), Timestamp.from(r.updatedAt()));
    }

    /** Any document by id, whoever owns it (for the ingestion pipeline). */
    public Optional<DocumentRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM documents WHERE id = ?", DocumentStore::row, id).stream().findFirst();
    }

    /** Every document, newest first: the admin's explicit view of all users' documents. */
    public List<DocumentRecord> listAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM documents ORDER BY created_at DESC, id DESC", DocumentStore::row);
    }

    /**
     * The documents {@code caller} may read as a user, newest first: their own and those shared with everyone or
     * with one of their roles. Admins too: another user's private document is only in {@link #listAll()}.
     */
    public List<DocumentRecord> listVisible(Caller caller) {
        List<Object> params = new ArrayList<>();
        String where = readableBy(caller, params);
        return jdbc.query("SELECT " + COLUMNS + " FROM documents" + (where.isEmpty() ? "" : " WHERE " + where)
                + " ORDER BY created_at DESC, id DESC", DocumentStore::row, params.toArray());
    }

    /**
     * The document if {@code caller} may read it; empty when it does not exist or is not visible to the caller. An
     * admin naming a document by id reaches any (the caller logs when it is another user's private one).
     */
    public Optional<DocumentRecord> findVisible(Caller caller, String id) {
        if (caller.isAdmin()) return find(id);
        List<Object> params = new ArrayList<>(List.of(id));
        String where = readableBy(caller, params);
        return jdbc.query("SELECT " + COLUMNS + " FROM documents WHERE id = ?" + (where.isEmpty() ? "" : " AND " + where),
                DocumentStore::row, params.toArray()).stream().findFirst();
    }

    /**
     * Ids of the {@code ready} documents {@code caller} may read as a user: what search and answers may use. An admin's
     * own search and chat see their own and shared documents, not other users' private ones.
     */
    public Set<String> readableReadyIds(Caller caller) {
        List<Object> params = new ArrayList<>(List.of(DocumentStatus.READY.wire()));
        String where = readableBy(caller, params);
        return new HashSet<>(jdbc.queryForList("SELECT id FROM documents WHERE status = ?"
                + (where.isEmpty() ? "" : " AND " + where), String.class, params.toArray()));
    }

    /** Documents in any of {@code statuses}, oldest first. */
    public List<DocumentRecord> findByStatus(Collection<DocumentStatus> statuses) {
        if (statuses.isEmpty()) return List.of();
        String marks = String.join(", ", statuses.stream().map(s -> "?").toList());
        return jdbc.query("SELECT " + COLUMNS + " FROM documents WHERE status IN (" + marks + ") ORDER BY created_at, id",
                DocumentStore::row, statuses.stream().map(DocumentStatus::wire).toArray());
    }

    /** Every document id (to find original files that no document owns). */
    public Set<String> allIds() {
        return new HashSet<>(jdbc.queryForList("SELECT id FROM documents", String.class));
    }

    /** {@code queued → parsing}, counting one more attempt; false when the document is gone or not queued. */
    public boolean startParsing(String id) {
        return jdbc.update("UPDATE documents SET status = ?, attempts = attempts + 1, error = NULL, updated_at = ? "
                        + "WHERE id = ? AND status = ?",
                DocumentStatus.PARSING.wire(), now(), id, DocumentStatus.QUEUED.wire()) > 0;
    }

    /**
     * {@code parsing → embedding}, recording what parsing found; {@code title} replaces the title only when the
     * document has none.
     */
    public boolean startEmbedding(String id, int pages, String contentType, String title) {
        return jdbc.update("UPDATE documents SET status = ?, pages = ?, content_type = ?, title = COALESCE(title, ?), "
                        + "updated_at = ? WHERE id = ? AND status = ?",
                DocumentStatus.EMBEDDING.wire(), pages, clip(contentType, 255), clip(title, MAX_TITLE), now(), id,
                DocumentStatus.PARSING.wire()) > 0;
    }

    /** {@code embedding → ready} with the number of chunks indexed; false when the document is gone or failed. */
    public boolean markReady(String id, int chunks) {
        return jdbc.update("UPDATE documents SET status = ?, chunks = ?, error = NULL, updated_at = ? WHERE id = ? AND status = ?",
                DocumentStatus.READY.wire(), chunks, now(), id, DocumentStatus.EMBEDDING.wire()) > 0;
    }

    /** Any unfinished status → {@code failed} with a reason; false when the document is gone or already finished. */
    public boolean markFailed(String id, String reason) {
        return jdbc.update("UPDATE documents SET status = ?, error = ?, chunks = 0, updated_at = ? WHERE id = ? AND status IN (?, ?, ?)",
                DocumentStatus.FAILED.wire(), clip(reason, MAX_ERROR), now(), id, DocumentStatus.QUEUED.wire(),
                DocumentStatus.PARSING.wire(), DocumentStatus.EMBEDDING.wire()) > 0;
    }

    /** {@code ready → failed}: for a ready document that can no longer be searched nor ingested again. */
    public boolean failReady(String id, String reason) {
        return jdbc.update("UPDATE documents SET status = ?, error = ?, chunks = 0, updated_at = ? WHERE id = ? AND status = ?",
                DocumentStatus.FAILED.wire(), clip(reason, MAX_ERROR), now(), id, DocumentStatus.READY.wire()) > 0;
    }

    /** Back to {@code queued} from {@code from} (restart recovery, a lost index); false when the status differs. */
    public boolean requeue(String id, DocumentStatus from) {
        return jdbc.update("UPDATE documents SET status = ?, error = NULL, chunks = 0, updated_at = ? WHERE id = ? AND status = ?",
                DocumentStatus.QUEUED.wire(), now(), id, from.wire()) > 0;
    }

    /** Records the downloaded body of a URL document. */
    public void updateContent(String id, long sizeBytes, String sha256, String contentType) {
        jdbc.update("UPDATE documents SET size_bytes = ?, sha256 = ?, content_type = ?, updated_at = ? WHERE id = ?",
                sizeBytes, sha256, clip(contentType, 255), now(), id);
    }

    public boolean updateVisibility(String id, String visibility) {
        return jdbc.update("UPDATE documents SET visibility = ?, updated_at = ? WHERE id = ?", visibility, now(), id) > 0;
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM documents WHERE id = ?", id) > 0;
    }

    /** The SQL condition under which {@code caller} may read a row as a user (admins too); adds its parameters. */
    private static String readableBy(Caller caller, List<Object> params) {
        StringBuilder sql = new StringBuilder("(owner_id = ? OR visibility = ?");
        params.add(caller.userId());
        params.add("everyone");
        List<String> roles = caller.roles().stream().sorted().map(r -> "role:" + r).toList();
        if (!roles.isEmpty()) {
            sql.append(" OR visibility IN (").append(String.join(", ", roles.stream().map(r -> "?").toList())).append(')');
            params.addAll(roles);
        }
        return sql.append(')').toString();
    }

    private static DocumentRecord row(ResultSet rs, int n) throws SQLException {
        return new DocumentRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), DocumentStatus.parse(rs.getString(9)), rs.getString(10),
                rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getTimestamp(14).toInstant(), rs.getTimestamp(15).toInstant());
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    static String clip(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end);
    }
}
