package io.llmsvc.gateway.users;

import io.llmsvc.gateway.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * Browser sessions behind the {@code llmsvc_session} cookie. The cookie holds a random token; the database holds its
 * SHA-256 only. A session ends after {@code session-idle-timeout} without use (sliding) and at the latest
 * {@code session-max-age} after login; its user's current roles and disabled flag are read on every request.
 */
final class BrowserSessions {
    static final String COOKIE = "llmsvc_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Request attribute: the id (token hash) of the session that authenticated the request. */
    static final String SESSION_ID_ATTRIBUTE = "llmsvc.session-id";
    /** Request attribute: that session's CSRF token, for {@code GET /api/v1/auth/me}. */
    static final String CSRF_ATTRIBUTE = "llmsvc.csrf-token";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final WebSessionStore store;
    private final UsersProperties props;
    private final InstantSource clock;
    /** Sliding expiry is written at most this often per session, not on every request. */
    private final Duration touchEvery;

    BrowserSessions(WebSessionStore store, UsersProperties props, InstantSource clock) {
        this.store = store;
        this.props = props;
        this.clock = clock;
        Duration tenth = props.sessionIdleTimeout().dividedBy(10);
        this.touchEvery = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }

    record Started(String id, String token, String csrfToken) {}

    record Active(String id, Principal principal, String csrfToken) {}

    Started start(User user) {
        Instant now = clock.instant();
        store.deleteExpired(now);
        String token = randomToken();
        String csrf = randomToken();
        String id = idOf(token);
        store.insert(id, user.id(), csrf, now, expiry(now, now));
        return new Started(id, token, csrf);
    }

    /** The live session of a cookie token; empty when unknown, expired, or its user is disabled. */
    Optional<Active> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) return Optional.empty();
        String id = idOf(token);
        var found = store.find(id);
        if (found.isEmpty()) return Optional.empty();
        var s = found.get();
        Instant now = clock.instant();
        if (!s.expiresAt().isAfter(now)) {
            store.delete(id);
            return Optional.empty();
        }
        if (s.userDisabled()) return Optional.empty();
        if (Duration.between(s.lastSeenAt(), now).compareTo(touchEvery) >= 0) store.touch(id, now, expiry(s.createdAt(), now));
        var principal = new Principal(s.userId(), s.username(), java.util.Set.copyOf(UserStore.splitRoles(s.roles())), null);
        return Optional.of(new Active(id, principal, s.csrfToken()));
    }

    void end(String id) {
        store.delete(id);
    }

    /** Ends the user's sessions except {@code keepId} (null: all). */
    void endOthers(String userId, String keepId) {
        store.deleteForUser(userId, keepId);
    }

    ResponseCookie cookie(String token) {
        return ResponseCookie.from(COOKIE, token).httpOnly(true).secure(props.secureCookies()).sameSite("Lax").path("/")
                .maxAge(props.sessionMaxAge()).build();
    }

    ResponseCookie clearedCookie() {
        return ResponseCookie.from(COOKIE, "").httpOnly(true).secure(props.secureCookies()).sameSite("Lax").path("/")
                .maxAge(0).build();
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    static boolean csrfMatches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private Instant expiry(Instant created, Instant now) {
        Instant idle = now.plus(props.sessionIdleTimeout());
        Instant max = created.plus(props.sessionMaxAge());
        return idle.isBefore(max) ? idle : max;
    }

    static String idOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
