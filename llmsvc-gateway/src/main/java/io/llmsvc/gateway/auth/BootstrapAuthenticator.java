package io.llmsvc.gateway.auth;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.util.Optional;

/**
 * The bootstrap admin key ({@code LLMSVC_BOOTSTRAP_KEY} or generated at first start) as a principal, until it is
 * retired: then it is refused with the reason.
 */
final class BootstrapAuthenticator implements Authenticator {
    private final BootstrapKey key;
    private final BootstrapRetirement retirement;

    BootstrapAuthenticator(BootstrapKey key, BootstrapRetirement retirement) {
        this.key = key;
        this.retirement = retirement;
    }

    @Override
    public Optional<Principal> fromBearer(String token) {
        if (!key.matches(token)) return Optional.empty();
        if (retirement.retired()) throw new LlmsvcException(ErrorCode.UNAUTHORIZED, BootstrapRetirement.MESSAGE);
        return Optional.of(Principal.BOOTSTRAP);
    }
}
