package io.llmsvc.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key material: {@code sk-llmsvc-} followed by 32 random bytes (base64url), identified by its SHA-256.
 * The prefix shown in lists and logs is the first {@value #PREFIX_LENGTH} characters: the fixed marker and six
 * random characters (36 bits), enough to tell a user's keys apart while leaving 220 unknown bits.
 */
final class KeySecrets {
    static final String MARKER = "sk-llmsvc-";
    static final int PREFIX_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return MARKER + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    /** Keys are 256-bit random values: a fast hash is as safe as a slow one here, and costs microseconds. */
    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeySecrets() {}
}
