package io.llmsvc.gateway.auth;

/**
 * Whether the bootstrap admin key (and the API keys made with it) still works. By default it retires once an
 * enabled admin account exists ({@code llmsvc.users.retire-bootstrap-key}).
 */
@FunctionalInterface
public interface BootstrapRetirement {
    String MESSAGE = "the bootstrap key is retired because an admin account exists: sign in as an admin and use"
            + " their API key (llmsvc.users.retire-bootstrap-key=false keeps the bootstrap key)";

    /** Whether the bootstrap identity is retired now. */
    boolean retired();

    BootstrapRetirement NEVER = () -> false;
}
