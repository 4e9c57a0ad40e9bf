package io.llmsvc.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * One way of establishing a {@link Principal}. The authentication filter asks every authenticator bean in order;
 * the first that recognises the request wins. An authenticator that recognises a credential but finds it invalid
 * (revoked, expired) throws {@code UNAUTHORIZED} with the reason.
 */
public interface Authenticator {

    /** A bearer token ({@code Authorization: Bearer ...}); empty when this authenticator does not know the format. */
    Optional<Principal> fromBearer(String token);

    /** A browser session (cookie); empty when there is none. Must enforce CSRF on state-changing methods. */
    default Optional<Principal> fromSession(HttpServletRequest request) {
        return Optional.empty();
    }
}
