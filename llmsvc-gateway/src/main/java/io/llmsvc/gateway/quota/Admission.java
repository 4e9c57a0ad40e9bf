package io.llmsvc.gateway.quota;

import io.llmsvc.gateway.auth.Principal;

/**
 * Admission control for model calls: checks the caller's key limits (allowed models, requests and tokens per
 * minute, concurrency, budget) and reserves the estimated tokens atomically, so that under concurrency a budget is
 * never overrun by more than one request's reservation. The returned {@link Permit} is settled with the actual
 * usage at the end of the request.
 */
public interface Admission {

    /**
     * @throws io.llmsvc.api.LlmsvcException FORBIDDEN for a model the key may not use, {@link io.llmsvc.api.RateLimitedException}
     *                                       (429 with Retry-After) when a limit is reached
     */
    /** @param model the model the call uses; null when an agent chooses it later (it checks the allow-list then) */
    default Permit admit(Principal principal, String model, int estimatedTokens) {
        return admit(principal, model, () -> estimatedTokens);
    }

    /**
     * As {@link #admit(Principal, String, int)}, asking {@code estimatedTokens} only when the key counts tokens (a
     * tokens-per-minute limit or a budget): counting with the model's tokenizer costs a call to the worker, which
     * other callers need not pay.
     */
    Permit admit(Principal principal, String model, java.util.function.IntSupplier estimatedTokens);
}
