package io.llmsvc.gateway.quota;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.RateLimitedException;
import io.llmsvc.gateway.auth.ApiKeyInfo;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.gateway.auth.Principal;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission by the caller's API key: the model allow-list (403), then requests and tokens per rolling minute,
 * concurrent requests and the token budget of the current UTC day or month, checked and counted in one atomic
 * step of the {@link CounterStore}. Requests without a key (browser sessions, the bootstrap key) and keys without
 * counting limits pass without touching any counter.
 */
final class LimitAdmission implements Admission {
    private static final Logger log = LoggerFactory.getLogger(LimitAdmission.class);

    private final CounterStore store;
    private final CounterStore.BudgetLedger ledger;
    private final InstantSource clock;

    LimitAdmission(CounterStore store, CounterStore.BudgetLedger ledger, InstantSource clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Permit admit(Principal principal, String model, java.util.function.IntSupplier estimatedTokens) {
        ApiKeyInfo key = principal.key();
        if (key == null) return Permit.NONE;
        KeyLimits l = key.limits();
        // a null model is chosen later by an agent, which checks the allow-list itself (Caller.allowedModels)
        if (model != null && !l.allowsModel(model)) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "this API key may not use model '" + model + "'", "model");
        }
        if (l.requestsPerMinute() == null && l.tokensPerMinute() == null && l.maxConcurrent() == null && l.budgetTokens() == null) {
            return Permit.NONE;
        }
        long now = clock.millis();
        long cost = l.tokensPerMinute() == null && l.budgetTokens() == null ? 1 : Math.max(1, estimatedTokens.getAsInt());
        String period = null;
        long periodEnd = 0;
        if (l.budgetTokens() != null) {
            String kind = l.budgetPeriod() == null ? Periods.MONTH : l.budgetPeriod();
            LocalDate start = Periods.start(kind, now);
            period = start.toString();
            periodEnd = Periods.end(kind, start);
        }
        CounterStore.Decision d = store.acquire(new CounterStore.Request(key.id(), orZero(l.requestsPerMinute()),
                orZero(l.tokensPerMinute()), orZero(l.maxConcurrent()), l.budgetTokens() == null ? 0 : l.budgetTokens(),
                period, periodEnd, cost, now));
        return switch (d) {
            case CounterStore.Decision.Granted g -> new CountedPermit(g.ticket());
            case CounterStore.Decision.Refused r -> throw refusal(r, l, periodEnd, now);
        };
    }

    private static RateLimitedException refusal(CounterStore.Decision.Refused r, KeyLimits l, long periodEnd, long now) {
        return switch (r.limit()) {
            case RPM -> new RateLimitedException(ErrorCode.RATE_LIMITED,
                    "rate limit reached: this API key may make " + l.requestsPerMinute() + " requests per minute", r.retryAfterSeconds());
            case TPM -> new RateLimitedException(ErrorCode.RATE_LIMITED,
                    "rate limit reached: this API key may use " + l.tokensPerMinute() + " tokens per minute", r.retryAfterSeconds());
            case CONCURRENCY -> new RateLimitedException(ErrorCode.RATE_LIMITED,
                    "rate limit reached: this API key may run " + l.maxConcurrent() + " requests at once", r.retryAfterSeconds());
            case BUDGET -> new RateLimitedException(ErrorCode.INSUFFICIENT_QUOTA,
                    "budget exhausted: this API key's " + l.budgetTokens() + " tokens per " + l.budgetPeriod()
                            + " are used up; the budget resets at the start of the next UTC " + l.budgetPeriod(),
                    Math.max(1, periodEnd - Math.floorDiv(now, 1000)));
        };
    }

    private static int orZero(Integer i) { return i == null ? 0 : i; }

    /** Settles at close: one store call per request end (for Redis, one round trip). */
    private final class CountedPermit implements Permit {
        private final CounterStore.Ticket ticket;
        private final AtomicLong actual = new AtomicLong(-1);
        private final AtomicBoolean closed = new AtomicBoolean();

        CountedPermit(CounterStore.Ticket ticket) {
            this.ticket = ticket;
        }

        @Override
        public void settle(int actualTokens) {
            actual.compareAndSet(-1, Math.max(0, actualTokens));
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            long used = actual.get();
            try {
                store.finish(ticket, used);
            } catch (RuntimeException e) {
                log.warn("could not settle a request's limits: {}", e.toString());
            }
            if (ticket.period() != null && used > 0) ledger.add(ticket.keyId(), ticket.period(), used);
        }
    }
}
