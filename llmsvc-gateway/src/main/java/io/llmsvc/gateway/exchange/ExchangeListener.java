package io.llmsvc.gateway.exchange;

import io.llmsvc.gateway.auth.Principal;

/**
 * Told about every completed API request (request log, metrics). Runs on the request thread after the response
 * is complete: must not block (hand work to a bounded queue) and must not throw.
 */
public interface ExchangeListener {
    void completed(Exchange exchange, Principal principal, int status);
}
