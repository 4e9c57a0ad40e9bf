package io.llmsvc.gateway.auth;

import io.llmsvc.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin API key used until user accounts exist. Only its SHA-256 is kept: from {@code LLMSVC_BOOTSTRAP_KEY}
 * when set, else from {@code <data-dir>/secrets/bootstrap-key.sha256}; at the very first start a key is generated,
 * printed once on standard output (never to the log) and only its hash is stored.
 */
public final class BootstrapKey {
    static final String PREFIX = "sk-llmsvc-";
    private final byte[] hash;

    private BootstrapKey(byte[] hash) {
        this.hash = hash;
    }

    public static BootstrapKey resolve(String configured, Path dataDir) {
        Secret s = Secret.of(configured);
        if (s != null) return new BootstrapKey(sha256(s.reveal()));
        Path file = dataDir.resolve("secrets").resolve("bootstrap-key.sha256");
        try {
            if (Files.exists(file)) return new BootstrapKey(HexFormat.of().parseHex(Files.readString(file).strip()));
            Files.createDirectories(file.getParent());
            String key = generate();
            byte[] h = sha256(key);
            Files.writeString(file, HexFormat.of().formatHex(h), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
            System.out.println();
            System.out.println("  Admin API key (shown once, only its hash is stored): " + key);
            System.out.println("  Use it as: Authorization: Bearer " + key);
            System.out.println("  Lost it? Delete " + file + " and restart, or set LLMSVC_BOOTSTRAP_KEY.");
            System.out.println();
            return new BootstrapKey(h);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    static String generate() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        return PREFIX + HexFormat.of().formatHex(raw);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(hash, sha256(presented));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
