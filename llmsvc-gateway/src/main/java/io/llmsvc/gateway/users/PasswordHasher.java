package io.llmsvc.gateway.users;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes (Spring Security's 5.8 defaults: 16 MiB memory, 2 iterations, 16-byte salt), encoded with
 * their parameters so stronger settings can be introduced later without invalidating stored hashes.
 */
final class PasswordHasher {
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Compared against when the user does not exist, so unknown and known usernames take the same time. */
    private final String decoy;

    PasswordHasher() {
        byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        decoy = encoder.encode(HexFormat.of().formatHex(raw));
    }

    String hash(String password) {
        return encoder.encode(password);
    }

    /** False for a wrong password and for a stored value that is not a valid hash. */
    boolean matches(String password, String hash) {
        try {
            // the prefix check keeps the encoder from logging a warning about a malformed stored value
            return hash != null && hash.startsWith("$argon2") && encoder.matches(password, hash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Does the work of one verification and fails: for unknown users. */
    void matchDecoy(String password) {
        encoder.matches(password, decoy);
    }
}
