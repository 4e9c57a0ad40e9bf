package io.llmsvc.gateway.users;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Invite links: with sign-up closed, an admin makes a link that lets one person create an account, with the roles
 * the admin chose, enabled at once (the admin vouched for them, so sign-up approval does not hold it). A link is
 * used once, expires after 1–30 days (7 by default) and can be revoked; only the SHA-256 of its token is stored.
 */
public final class Invites {
    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 30;
    static final int MAX_LISTED = 200;
    static final String NOT_VALID = "this invite link is not valid: it was used, revoked or has expired; ask an admin for a new one";

    private final InviteStore store;
    private final UserAccounts accounts;
    private final InstantSource clock;

    Invites(InviteStore store, UserAccounts accounts, InstantSource clock) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A new invite and its token, shown once (the link is {@code /signup?invite=<token>}). */
    record Created(InviteStore.Invite invite, String token) {}

    Created create(String adminId, List<String> roles, Integer days) {
        int d = days == null ? DEFAULT_DAYS : days;
        if (d < 1 || d > MAX_DAYS) throw LlmsvcException.invalid("expires_in_days", "expires_in_days must be 1 to " + MAX_DAYS);
        Set<String> r = new LinkedHashSet<>(List.of("user"));
        if (roles != null) r.addAll(roles);
        Set<String> checked = accounts.checkRoles(r);
        String token = BrowserSessions.randomToken();
        Instant now = clock.instant();
        var invite = new InviteStore.Invite(UUID.randomUUID().toString(), adminId, checked, now, now.plus(Duration.ofDays(d)), null, null);
        store.insert(invite, BrowserSessions.idOf(token));
        return new Created(invite, token);
    }

    List<InviteStore.Invite> list() {
        return store.list(MAX_LISTED);
    }

    boolean revoke(String id) {
        return id.length() <= 36 && store.delete(id);
    }

    /** Signs up with an invite token: 403 when the link is not usable; the account gets the invite's roles. */
    User signup(String token, String username, String displayName, String password, String clientAddress) {
        if (token == null || token.isBlank() || token.length() > 100) throw new LlmsvcException(ErrorCode.FORBIDDEN, NOT_VALID);
        Instant now = clock.instant();
        var invite = store.findByTokenHash(BrowserSessions.idOf(token.strip())).filter(i -> i.usable(now))
                .orElseThrow(() -> new LlmsvcException(ErrorCode.FORBIDDEN, NOT_VALID));
        accounts.checkSignup(username, password, clientAddress);
        // claimed first, so two sign-ups with one link cannot both succeed; given back if the account cannot be made
        if (!store.claim(invite.id(), now)) throw new LlmsvcException(ErrorCode.FORBIDDEN, NOT_VALID);
        try {
            User u = accounts.create(username, displayName, password, invite.roles());
            store.usedBy(invite.id(), u.id());
            return u;
        } catch (RuntimeException e) {
            store.unclaim(invite.id());
            throw e;
        }
    }
}
