package io.llmsvc.gateway.exchange;

import io.llmsvc.gateway.auth.Principal;

/**
 * Told about every completed API request (request log, metrics). Runs on the request thread after the response
 * is complete: must not block (hand work to a bounded queue) and must not throw. By then the exchange's
 * {@link Exchange#pattern() route pattern} and {@link Exchange#errorCode() error code} (from
 * {@code ErrorBodies.ERROR_CODE_ATTRIBUTE}) are filled in.
 */
public interface ExchangeListener {
    void completed(Exchange exchange, Principal principal, int status);
}
