package io.llmsvc.runtime.internal;

import io.llmsvc.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shared credential every call between targets carries ({@code Authorization: Bearer ...}). Taken from
 * {@code llmsvc.cluster-token}; when that is not set, read from (or created once in) {@code <data-dir>/secrets/cluster-token},
 * so targets started on one machine with one data dir find each other without configuration.
 */
public final class ClusterCredential {
    public static final String HEADER = "Authorization";
    private final Secret token;

    public ClusterCredential(Secret token) {
        this.token = token;
    }

    public static ClusterCredential resolve(String configured, Path dataDir) {
        Secret s = Secret.of(configured);
        if (s != null) return new ClusterCredential(s);
        Path file = dataDir.resolve("secrets").resolve("cluster-token");
        try {
            if (Files.exists(file)) return new ClusterCredential(Secret.of(Files.readString(file, StandardCharsets.UTF_8)));
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String value = HexFormat.of().formatHex(raw);
            Path tmp = Files.createTempFile(file.getParent(), "token", ".tmp");
            trySetOwnerOnly(tmp);
            Files.writeString(tmp, value, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(tmp);
            }
            return new ClusterCredential(Secret.of(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    static void trySetOwnerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }

    public Secret token() { return token; }

    public String headerValue() { return "Bearer " + token.reveal(); }

    /** True when the Authorization header value carries this credential. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) return false;
        return token.matches(authorizationHeader.substring(7).strip());
    }
}
