package io.llmsvc.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential that never prints itself: {@link #toString()} is redacted, so a secret that reaches a log line,
 * an error message or a JSON body by mistake shows as {@code ****}. Only {@link #reveal()} gives the value.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A secret, or {@code null} when the value is null or blank. */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? null : new Secret(value.strip());
    }

    public String reveal() { return value; }

    /** Constant-time comparison, for checking presented credentials. */
    public boolean matches(String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { return "****"; }

    @Override
    public boolean equals(Object o) { return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8)); }

    @Override
    public int hashCode() { return value.hashCode(); }
}
