package io.llmsvc.agents.documents.storage;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.config.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The original files of documents, under {@code <data-dir>/documents/files/<id>}: the document id is the only name a
 * file ever gets (the user's file name never becomes a path). A file is written to {@code documents/tmp} first and
 * moved into place atomically, so {@code files/} only ever holds complete originals. Files are created owner-only
 * ({@code rw-------}, {@link DataDir}): a private document is readable by the service's account alone.
 */
public final class FileStorage {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path files;
    private final Path tmp;

    public FileStorage(Path dataDir) {
        Path root = dataDir.resolve("documents");
        this.files = root.resolve("files");
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(files);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    /** What was stored: its size and SHA-256 (hex). */
    public record Stored(long size, String sha256) {}

    /**
     * Copies {@code in} into a temporary file, at most {@code maxBytes} (413 {@code PAYLOAD_TOO_LARGE} above it, the
     * temporary file removed), and returns it with its size and hash. The caller moves it into place with
     * {@link #commit} or removes it with {@link #discard}.
     */
    public Staged stage(InputStream in, long maxBytes) throws IOException {
        Path file = tmp.resolve(UUID.randomUUID() + ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long total = 0;
        try (OutputStream out = new DigestOutputStream(DataDir.createOwnerOnly(file), sha)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE,
                            "the file is larger than the limit of " + maxBytes + " bytes", "file");
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Staged(file, new Stored(total, HexFormat.of().formatHex(sha.digest())));
    }

    /** A complete file in the temporary directory, not yet a document's original. */
    public record Staged(Path file, Stored stored) {}

    /** Moves a staged file into place as the original of document {@code id} (atomically where the file system can). */
    public void commit(Staged staged, String id) throws IOException {
        Path target = path(id);
        try {
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged.file(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public void discard(Staged staged) {
        try {
            Files.deleteIfExists(staged.file());
        } catch (IOException ignored) {
            // the temporary directory is emptied at the next start
        }
    }

    /** The original of document {@code id} (it may not exist). */
    public Path path(String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a document id: " + id);
        return files.resolve(id);
    }

    public boolean exists(String id) {
        return Files.isRegularFile(path(id));
    }

    /** Removes the original of document {@code id}; true when there was one. */
    public boolean delete(String id) {
        try {
            return Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids that have an original on disk. */
    public Set<String> ids() throws IOException {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (ID.matcher(name).matches()) ids.add(name);
            }
        }
        return ids;
    }

    /** Removes temporary files left by an interrupted upload or download (at start, before anything is staged). */
    public int clearTemporary() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                if (Files.deleteIfExists(p)) n++;
            }
        }
        return n;
    }
}
