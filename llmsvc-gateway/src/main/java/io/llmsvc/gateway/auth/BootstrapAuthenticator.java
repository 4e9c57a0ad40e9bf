package io.llmsvc.gateway.auth;

import java.util.Optional;

/** The bootstrap admin key ({@code LLMSVC_BOOTSTRAP_KEY} or generated at first start) as a principal. */
final class BootstrapAuthenticator implements Authenticator {
    private final BootstrapKey key;

    BootstrapAuthenticator(BootstrapKey key) {
        this.key = key;
    }

    @Override
    public Optional<Principal> fromBearer(String token) {
        return key.matches(token) ? Optional.of(Principal.BOOTSTRAP) : Optional.empty();
    }
}
