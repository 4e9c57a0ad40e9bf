package io.llmsvc.jobs.storage;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.files.FileInfo;
import io.llmsvc.api.files.SignedUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stored files: who owns each, what it is for, and where its bytes are. A file belongs to a user (or
 * {@code system}); only its owner and admins may list it, get a URL for it, read or delete it — for anyone else it
 * does not exist (404). Uploads go straight to the store through a presigned PUT; the record is {@code pending}
 * until the bytes arrived and matched the declared size and type. Object keys are {@code files/<id>}: a user's file
 * name never becomes a path.
 */
public class FileStore {
    private static final Logger log = LoggerFactory.getLogger(FileStore.class);
    private static final String COLUMNS = "id, owner_id, name, purpose, content_type, size_bytes, sha256, object_key, status, job_id, created_at, updated_at";
    public static final String SYSTEM = "system";

    private final JdbcTemplate jdbc;
    private final ObjectStore objects;
    private final FilesProperties props;
    private final Clock clock;

    public FileStore(JdbcTemplate jdbc, ObjectStore objects, FilesProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.objects = objects;
        this.props = props;
        this.clock = clock;
    }

    /** A new pending file and the URL to PUT its bytes to. */
    public record Upload(FileInfo file, SignedUrl upload, boolean needsCompletion) {}

    /**
     * Creates a pending file of {@code size} bytes and a presigned PUT for it. 400 for an unknown purpose or a bad
     * size, 413 above the purpose's limit, 415 for a content type the purpose does not take.
     */
    public Upload createUpload(Caller owner, String name, String contentType, long size, String purpose) {
        String p = purpose == null || purpose.isBlank() ? "upload" : purpose.strip();
        if ("job-result".equals(p)) throw LlmsvcException.invalid("purpose", "purpose job-result is written by jobs, not uploaded");
        String type = checkedType(contentType);
        checkLimits(p, type, size);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        FileRecord r = new FileRecord(id, owner.userId(), FileNames.clean(name), p, type, size, null, key(id),
                FileRecord.PENDING, null, now, now);
        insert(r);
        SignedUrl put = objects.presignPut(r.objectKey(), props.urlTtl(), type, size);
        return new Upload(r.info(), put, !(objects instanceof LocalObjectStore));
    }

    /** The limits of a purpose for this content type and size; throws the API error when they are not met. */
    public FilesProperties.Purpose checkLimits(String purpose, String contentType, long size) {
        FilesProperties.Purpose limits = props.purpose(purpose);
        if (limits == null) {
            throw LlmsvcException.invalid("purpose", "unknown purpose '" + purpose + "' (known: " + String.join(", ", new java.util.TreeSet<>(props.purposes().keySet())) + ")");
        }
        if (size < 0) throw LlmsvcException.invalid("size", "size must be the file's length in bytes");
        if (size > limits.maxSize().toBytes()) {
            throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "files for " + purpose + " may be at most "
                    + limits.maxSize().toMegabytes() + " MB (llmsvc.files.purposes." + purpose + ".max-size)", "size");
        }
        if (!limits.allows(contentType)) {
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "files for " + purpose + " must be "
                    + String.join(" or ", limits.contentTypes()) + ", not " + contentType, "content_type");
        }
        return limits;
    }

    /**
     * The local store's signed PUT arrived: streams the body into the object (never more than the declared size)
     * and marks the file ready. The caller has checked the signature.
     */
    public FileInfo acceptLocalUpload(String objectKey, String contentType, InputStream body) throws IOException {
        FileRecord r = byKey(objectKey).orElseThrow(() -> new LlmsvcException(ErrorCode.NOT_FOUND, "the upload's file no longer exists"));
        if (r.ready()) throw new LlmsvcException(ErrorCode.CONFLICT, "the file was uploaded already; create a new upload");
        if (!(objects instanceof LocalObjectStore local)) throw new LlmsvcException(ErrorCode.NOT_FOUND, "not a local upload");
        MessageDigest sha = sha256();
        long n;
        try (InputStream in = new DigestInputStream(body, sha)) {
            n = local.writeObject(objectKey, in, r.sizeBytes(), r.contentType());
        } catch (LocalObjectStore.TooLargeException e) {
            throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "the upload is larger than the " + r.sizeBytes() + " bytes it was created for");
        }
        if (n != r.sizeBytes()) {
            local.deleteObject(objectKey);
            throw LlmsvcException.invalid("size", "the upload has " + n + " bytes, not the " + r.sizeBytes() + " it was created for");
        }
        markReady(r.id(), n, HexFormat.of().formatHex(sha.digest()));
        return find(r.id()).orElseThrow().info();
    }

    /** After a direct upload to S3: checks what arrived and marks the file ready (400 when it does not match). */
    public FileInfo completeUpload(Caller caller, String id) throws IOException {
        FileRecord r = visible(caller, id);
        if (r.ready()) return r.info();
        var stat = objects.statObject(r.objectKey());
        if (stat.isEmpty()) throw new LlmsvcException(ErrorCode.CONFLICT, "nothing was uploaded to the file's URL yet");
        if (stat.get().size() != r.sizeBytes()) {
            objects.deleteObject(r.objectKey());
            throw LlmsvcException.invalid("size", "the upload has " + stat.get().size() + " bytes, not the " + r.sizeBytes() + " it was created for");
        }
        FilesProperties.Purpose limits = props.purpose(r.purpose());
        if (limits != null && !limits.allows(stat.get().contentType())) {
            objects.deleteObject(r.objectKey());
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the upload's content type " + stat.get().contentType() + " is not allowed");
        }
        markReady(r.id(), r.sizeBytes(), null);
        return find(r.id()).orElseThrow().info();
    }

    /**
     * Stores a file the server made (a job's result) under a given id, replacing an earlier copy with that id, so
     * a job that runs again leaves one file. {@code size} may be -1 when unknown for the local store.
     */
    public FileInfo storeFile(String ownerId, String id, String name, String contentType, String purpose, String jobId,
                              InputStream in, long size) throws IOException {
        String type = checkedType(contentType);
        if (props.purpose(purpose) == null) throw new IllegalArgumentException("unknown purpose " + purpose);
        if (size >= 0) checkLimits(purpose, type, size);
        MessageDigest sha = sha256();
        long stored;
        try (InputStream digesting = new DigestInputStream(in, sha)) {
            if (objects instanceof LocalObjectStore local) {
                stored = local.writeObject(key(id), digesting, props.purpose(purpose).maxSize().toBytes(), type);
            } else {
                objects.putObject(key(id), digesting, size, type);
                stored = size;
            }
        } catch (LocalObjectStore.TooLargeException e) {
            throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is larger than the limit of purpose " + purpose);
        }
        Instant now = clock.instant();
        String hash = HexFormat.of().formatHex(sha.digest());
        jdbc.update("DELETE FROM files WHERE id = ?", id);
        insert(new FileRecord(id, ownerId, FileNames.clean(name), purpose, type, stored, hash, key(id), FileRecord.READY, jobId, now, now));
        return find(id).orElseThrow().info();
    }

    public List<FileInfo> listFiles(Caller caller, boolean allOwners, int limit) {
        List<FileRecord> rows = allOwners && caller.isAdmin()
                ? jdbc.query(io.llmsvc.jobs.queue.JobStore.limited("SELECT " + COLUMNS + " FROM files ORDER BY created_at DESC, id DESC", limit), FileStore::row)
                : jdbc.query(io.llmsvc.jobs.queue.JobStore.limited("SELECT " + COLUMNS + " FROM files WHERE owner_id = ? ORDER BY created_at DESC, id DESC",
                        limit, caller.userId()), FileStore::row);
        return rows.stream().map(FileRecord::info).toList();
    }

    public FileInfo getFile(Caller caller, String id) {
        return visible(caller, id).info();
    }

    /** A fresh presigned download URL (409 while the file is still pending). */
    public SignedUrl downloadUrl(Caller caller, String id) {
        FileRecord r = visible(caller, id);
        if (!r.ready()) throw new LlmsvcException(ErrorCode.CONFLICT, "the file's upload has not arrived yet");
        return objects.presignGet(r.objectKey(), props.urlTtl(), r.name(), r.contentType());
    }

    /** The bytes of a ready file the caller may read (for jobs that work on a user's files). */
    public InputStream openFile(Caller caller, String id) throws IOException {
        FileRecord r = visible(caller, id);
        if (!r.ready()) throw new LlmsvcException(ErrorCode.CONFLICT, "the file " + id + " has not been uploaded yet");
        return objects.getObject(r.objectKey());
    }

    public void deleteFile(Caller caller, String id) throws IOException {
        FileRecord r = visible(caller, id);
        // the row goes first: a crash between the two leaves an object no row points at, which cleanup removes
        jdbc.update("DELETE FROM files WHERE id = ?", r.id());
        objects.deleteObject(r.objectKey());
    }

    /** Removes pending uploads older than {@code before} and their objects; how many. */
    public int removeStalePending(Instant before) {
        List<FileRecord> stale = jdbc.query("SELECT " + COLUMNS + " FROM files WHERE status = ? AND created_at < ?",
                FileStore::row, FileRecord.PENDING, Timestamp.from(before));
        int n = 0;
        for (FileRecord r : stale) {
            if (jdbc.update("DELETE FROM files WHERE id = ? AND status = ?", r.id(), FileRecord.PENDING) > 0) {
                n++;
                try {
                    objects.deleteObject(r.objectKey());
                } catch (IOException e) {
                    log.warn("cannot remove the object of stale upload {}: {}", r.id(), e.toString());
                }
            }
        }
        return n;
    }

    public Optional<FileRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM files WHERE id = ?", FileStore::row, id).stream().findFirst();
    }

    public Optional<FileRecord> byKey(String objectKey) {
        return jdbc.query("SELECT " + COLUMNS + " FROM files WHERE object_key = ?", FileStore::row, objectKey).stream().findFirst();
    }

    public ObjectStore objects() { return objects; }

    public FilesProperties properties() { return props; }

    static String key(String id) {
        return "files/" + id;
    }

    private FileRecord visible(Caller caller, String id) {
        FileRecord r = id == null ? null : find(id).orElse(null);
        if (r == null || !(caller.isAdmin() || r.ownerId().equals(caller.userId()))) {
            throw new LlmsvcException(ErrorCode.NOT_FOUND, "no file " + id);
        }
        return r;
    }

    private void insert(FileRecord r) {
        jdbc.update("INSERT INTO files (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.ownerId(),
                r.name(), r.purpose(), r.contentType(), r.sizeBytes(), r.sha256(), r.objectKey(), r.status(), r.jobId(),
                Timestamp.from(r.createdAt()), Timestamp.from(r.updatedAt()));
    }

    private void markReady(String id, long size, String sha) {
        jdbc.update("UPDATE files SET status = ?, size_bytes = ?, sha256 = ?, updated_at = ? WHERE id = ?",
                FileRecord.READY, size, sha, Timestamp.from(clock.instant()), id);
    }

    static String checkedType(String contentType) {
        if (contentType == null || contentType.isBlank()) return "application/octet-stream";
        String ct = contentType.strip();
        if (ct.length() > 255 || !ct.matches("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+( *;[ -~]*)?")) {
            throw LlmsvcException.invalid("content_type", "content_type must be a media type such as text/plain");
        }
        return ct;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static FileRecord row(ResultSet rs, int n) throws SQLException {
        return new FileRecord(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"), rs.getString("purpose"),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("object_key"),
                rs.getString("status"), rs.getString("job_id"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
