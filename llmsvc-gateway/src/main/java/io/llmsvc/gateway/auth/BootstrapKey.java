package io.llmsvc.gateway.auth;

import io.llmsvc.api.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin API key of a fresh install. Only its SHA-256 is kept: from {@code LLMSVC_BOOTSTRAP_KEY} when set, else
 * from {@code <data-dir>/secrets/bootstrap-key.sha256}. Without either, a key is generated once the server has
 * started (a start that fails never makes a key nobody saw), printed once on standard output (never to the log),
 * and only its hash is stored. {@code llmsvc admin reset-key} writes a new hash; a running server reads it within
 * a second.
 */
public final class BootstrapKey {
    static final String PREFIX = "sk-llmsvc-";
    private static final long RECHECK_MS = 1000;

    private final Path file;
    private volatile byte[] hash;
    private volatile FileTime fileTime;
    private volatile long checkedAt;

    private BootstrapKey(Path file, byte[] hash) {
        this.file = file;
        this.hash = hash;
    }

    public static BootstrapKey resolve(String configured, Path dataDir) {
        Secret s = Secret.of(configured);
        if (s != null) return new BootstrapKey(null, sha256(s.reveal()));
        BootstrapKey k = new BootstrapKey(file(dataDir), null);
        k.reload();
        return k;
    }

    /** Where the generated key's hash is stored. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("secrets").resolve("bootstrap-key.sha256");
    }

    /** Generates a key, stores its hash (replacing any) and returns the key, which is not kept anywhere. */
    public static String issue(Path file) {
        String key = generate();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, HexFormat.of().formatHex(sha256(key)), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return key;
    }

    /** Once the server is up: makes and prints the key when there is none yet. */
    synchronized void issueIfNone(PrintStream out, boolean retires) {
        if (file == null || hash != null) return;
        reload();
        if (hash != null) return;
        String key = issue(file);
        reload();
        out.println();
        out.println("  Admin API key (shown once, only its hash is stored): " + key);
        out.println("  Use it as: Authorization: Bearer " + key + "   (bin/llmsvc: LLMSVC_API_KEY=" + key + ")");
        if (retires) out.println("  It stops working once an admin account exists: create one with bin/llmsvc users create --admin NAME");
        out.println("  Lost it? bin/llmsvc admin reset-key prints a new one.");
        out.println();
    }

    static String generate() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        return PREFIX + HexFormat.of().formatHex(raw);
    }

    public boolean matches(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) && file != null) return false;
        if (file != null && System.currentTimeMillis() - checkedAt > RECHECK_MS) reload();
        byte[] h = hash;
        return h != null && MessageDigest.isEqual(h, sha256(presented));
    }

    private void reload() {
        checkedAt = System.currentTimeMillis();
        try {
            FileTime t = Files.getLastModifiedTime(file);
            if (t.equals(fileTime) && hash != null) return;
            hash = HexFormat.of().parseHex(Files.readString(file).strip());
            fileTime = t;
        } catch (NoSuchFileException e) {
            hash = null;
            fileTime = null;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage() + " (delete it and restart for a new key)", e);
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
