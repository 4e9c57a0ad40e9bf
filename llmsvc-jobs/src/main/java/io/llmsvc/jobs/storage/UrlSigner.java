package io.llmsvc.jobs.storage;

import io.llmsvc.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of the local store's URLs. A signature covers the method, the object key, the expiry and,
 * for uploads, the content type and size the upload must have, so a URL can be used for nothing else: another
 * file, another method, a later time or a larger body all fail the check.
 */
public final class UrlSigner {
    private final byte[] key;
    private final Clock clock;

    public UrlSigner(Secret key, Clock clock) {
        this.key = derive(key.reveal());
        this.clock = clock;
    }

    /** The signature of one permitted request. */
    public String sign(String method, String objectKey, long expiresEpochSecond, String contentType, long size) {
        String canonical = String.join("\n", "llmsvc-files-v1", method, objectKey, Long.toString(expiresEpochSecond),
                contentType == null ? "" : contentType, size < 0 ? "" : Long.toString(size));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, canonical));
    }

    /** Why a presented URL is refused, or null when it is valid now. */
    public String check(String method, String objectKey, String expires, String contentType, long size, String signature) {
        if (expires == null || signature == null) return "the URL is not signed";
        long exp;
        try {
            exp = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return "the URL is not signed";
        }
        String expected = sign(method, objectKey, exp, contentType, size);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return "the URL's signature does not match";
        }
        if (Instant.ofEpochSecond(exp).isBefore(clock.instant())) return "the URL has expired";
        return null;
    }

    public Instant now() { return clock.instant(); }

    /** A key for URLs alone, so that a leaked URL key is not the cluster token. */
    private static byte[] derive(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), "llmsvc file URLs");
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
