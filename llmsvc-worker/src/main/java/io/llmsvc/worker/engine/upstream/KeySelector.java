package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Seed 002's key selection: which key an upstream request is sent with.
 * <ul>
 *   <li>{@code default}: always the operator's key; a caller's key is ignored.</li>
 *   <li>{@code user}: the caller's key, which is then required.</li>
 *   <li>{@code free}: the caller's key when the upstream accepts it (checked with {@code GET /models}), else the
 *       operator's key. Verdicts are cached for {@link #VERDICT_TTL}, keyed by the key's SHA-256 so that the key
 *       itself is not kept beyond the request.</li>
 * </ul>
 * A null result means "send no Authorization header" (an upstream without keys, such as a local Ollama).
 */
final class KeySelector {
    static final Duration VERDICT_TTL = Duration.ofMinutes(5);
    private static final int MAX_VERDICTS = 10_000;

    /** What the upstream said about a key. */
    enum Verdict { VALID, INVALID, UNKNOWN }

    enum Mode { DEFAULT, USER, FREE }

    private record Cached(boolean valid, long expiresAt) {}

    private final Mode mode;
    private final Secret operatorKey;
    private final Function<Secret, Verdict> probe;
    private final Map<String, Cached> verdicts = new ConcurrentHashMap<>();

    KeySelector(String keyMode, Secret operatorKey, Function<Secret, Verdict> probe) {
        this.mode = switch (keyMode == null ? "default" : keyMode) {
            case "user" -> Mode.USER;
            case "free" -> Mode.FREE;
            case "default" -> Mode.DEFAULT;
            default -> throw new IllegalArgumentException("key mode must be default, user or free");
        };
        this.operatorKey = operatorKey;
        this.probe = probe;
    }

    Mode mode() { return mode; }

    /** The key to send, or null for none. */
    Secret select(Secret callerKey) {
        return switch (mode) {
            case DEFAULT -> operatorKey;
            case USER -> {
                if (callerKey == null) {
                    throw new LlmsvcException(ErrorCode.UNAUTHORIZED,
                            "this model needs your provider key: send it in the X-Provider-Key header");
                }
                yield callerKey;
            }
            case FREE -> callerKey != null && isValid(callerKey) ? callerKey : operatorKey;
        };
    }

    /** Forgets a cached verdict, e.g. after the upstream rejected a key it had accepted. */
    void forget(Secret key) {
        if (key != null) verdicts.remove(fingerprint(key));
    }

    private boolean isValid(Secret key) {
        String id = fingerprint(key);
        long now = System.nanoTime();
        Cached cached = verdicts.get(id);
        if (cached != null && now - cached.expiresAt() < 0) return cached.valid();
        Verdict v = probe.apply(key);
        // An unreachable upstream says nothing about the key: fall back for this request, ask again next time.
        if (v != Verdict.UNKNOWN) {
            if (verdicts.size() >= MAX_VERDICTS) verdicts.values().removeIf(c -> now - c.expiresAt() >= 0);
            if (verdicts.size() >= MAX_VERDICTS) verdicts.clear();
            verdicts.put(id, new Cached(v == Verdict.VALID, now + VERDICT_TTL.toNanos()));
        }
        return v == Verdict.VALID;
    }

    static String fingerprint(Secret key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.reveal().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "KeySelector[" + mode + ", operatorKey=" + (operatorKey == null ? "none" : "****") + "]";
    }
}
