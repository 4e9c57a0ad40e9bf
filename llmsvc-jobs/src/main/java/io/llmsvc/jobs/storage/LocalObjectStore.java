package io.llmsvc.jobs.storage;

import io.llmsvc.api.files.SignedUrl;
import io.llmsvc.runtime.config.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Objects as files under {@code <data-dir>/files/objects/<key>}, written to {@code files/tmp} first and moved into
 * place, so an object is either complete or absent. Its URLs point at the gateway's {@code /files/o/<key>} route and
 * carry an HMAC signature ({@link UrlSigner}); the gateway checks it and streams the bytes. The content type is
 * kept beside the object in {@code <key>.type}.
 */
public final class LocalObjectStore implements ObjectStore {
    public static final String ROUTE = "/files/o/";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,3}");

    private final Path objects;
    private final Path tmp;
    private final UrlSigner signer;

    public LocalObjectStore(Path dataDir, UrlSigner signer) {
        Path root = dataDir.resolve("files");
        this.objects = root.resolve("objects");
        this.tmp = root.resolve("tmp");
        this.signer = signer;
        try {
            Files.createDirectories(objects);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    /** Whether {@code key} is a key this store can hold (letters, digits, '-', '_', up to four segments). */
    public static boolean validKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    @Override
    public void putObject(String key, InputStream in, long size, String contentType) throws IOException {
        writeObject(key, in, size, contentType);
    }

    /**
     * Streams {@code in} into the object; fails (and stores nothing) when the body is longer than {@code maxSize}
     * or, with {@code exact}, shorter. Returns the number of bytes stored.
     */
    public long writeObject(String key, InputStream in, long maxSize, String contentType) throws IOException {
        Path target = path(key);
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        long total = 0;
        try {
            try (OutputStream out = DataDir.createOwnerOnly(part)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                    if (maxSize >= 0 && total > maxSize) throw new TooLargeException(maxSize);
                    out.write(buf, 0, n);
                }
            }
            Files.createDirectories(target.getParent());
            Files.writeString(typePath(key), contentType == null ? "application/octet-stream" : contentType);
            DataDir.ownerOnly(typePath(key));
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return total;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The body was longer than it may be. */
    public static final class TooLargeException extends IOException {
        public final long limit;

        TooLargeException(long limit) {
            super("the body is larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    @Override
    public InputStream getObject(String key) throws IOException {
        Path p = path(key);
        if (!Files.isRegularFile(p)) throw new NoSuchFileException(key);
        return Files.newInputStream(p);
    }

    /** The file of an object (for streaming it to a download). */
    public Path file(String key) {
        return path(key);
    }

    @Override
    public Optional<ObjectStat> statObject(String key) throws IOException {
        Path p = path(key);
        if (!Files.isRegularFile(p)) return Optional.empty();
        Path t = typePath(key);
        String type = Files.isRegularFile(t) ? Files.readString(t).strip() : "application/octet-stream";
        return Optional.of(new ObjectStat(Files.size(p), type));
    }

    @Override
    public boolean deleteObject(String key) throws IOException {
        Files.deleteIfExists(typePath(key));
        return Files.deleteIfExists(path(key));
    }

    @Override
    public SignedUrl presignGet(String key, Duration ttl, String downloadName, String contentType) {
        long exp = expiry(ttl);
        String sig = signer.sign("GET", key, exp, null, -1);
        String url = ROUTE + key + "?expires=" + exp + "&sig=" + sig;
        return new SignedUrl("GET", url, Instant.ofEpochSecond(exp), Map.of());
    }

    @Override
    public SignedUrl presignPut(String key, Duration ttl, String contentType, long size) {
        long exp = expiry(ttl);
        String sig = signer.sign("PUT", key, exp, contentType, size);
        String url = ROUTE + key + "?expires=" + exp + "&size=" + size + "&type="
                + URLEncoder.encode(contentType, StandardCharsets.UTF_8) + "&sig=" + sig;
        return new SignedUrl("PUT", url, Instant.ofEpochSecond(exp), Map.of("Content-Type", contentType));
    }

    public UrlSigner signer() { return signer; }

    @Override
    public String kind() { return "local"; }

    /** Removes temporary files left by interrupted uploads (at start). */
    public int clearTemporary() throws IOException {
        int n = 0;
        try (var ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) if (Files.deleteIfExists(p)) n++;
        }
        return n;
    }

    private long expiry(Duration ttl) {
        return signer.now().plus(ttl).getEpochSecond();
    }

    private Path path(String key) {
        if (!validKey(key)) throw new IllegalArgumentException("not an object key: " + key);
        return objects.resolve(key);
    }

    private Path typePath(String key) {
        Path p = path(key);
        return p.resolveSibling(p.getFileName() + ".type");
    }
}
