package io.llmsvc.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.RateLimitedException;
import io.llmsvc.gateway.auth.ApiKeyInfo;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.gateway.auth.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Each limit of the in-memory admission, with a clock moved by hand. */
class LimitAdmissionTest {
    final MutableClock clock = new MutableClock("2026-03-31T23:59:00Z");
    final Ledger ledger = new Ledger();
    MemoryCounterStore store = new MemoryCounterStore(ledger);
    LimitAdmission admission = new LimitAdmission(store, ledger, clock);

    static Principal key(String id, KeyLimits limits) {
        return new Principal("u1", "u1", Set.of(Principal.USER), new ApiKeyInfo(id, "sk-llmsvc-abcdef", limits));
    }

    static KeyLimits limits(Integer rpm, Integer tpm, Integer conc, Long budget, String period) {
        return new KeyLimits(null, rpm, tpm, conc, budget, period);
    }

    /** Budget rows as the database would keep them. */
    static final class Ledger implements CounterStore.BudgetLedger {
        final Map<String, Long> rows = new ConcurrentHashMap<>();

        @Override
        public long load(String keyId, String period) { return rows.getOrDefault(keyId + "/" + period, 0L); }

        @Override
        public void add(String keyId, String period, long tokens) { rows.merge(keyId + "/" + period, tokens, Long::sum); }
    }

    @Test
    void modelOutsideTheAllowListIsForbidden() {
        Principal p = key("k", new KeyLimits(Set.of("tiny"), null, null, null, null, null));
        admission.admit(p, "tiny", 10).close();
        assertThatThrownBy(() -> admission.admit(p, "other", 10)).isInstanceOf(LlmsvcException.class)
                .satisfies(e -> assertThat(((LlmsvcException) e).code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void keysWithoutCountingLimitsNeverTouchTheStore() {
        CounterStore exploding = new CounterStore() {
            @Override
            public Decision acquire(Request request) { throw new AssertionError("counter called"); }

            @Override
            public void finish(Ticket ticket, long actualTokens) { throw new AssertionError("counter called"); }
        };
        LimitAdmission a = new LimitAdmission(exploding, ledger, clock);
        assertThat(a.admit(key("k", KeyLimits.NONE), "m", 10)).isSameAs(Permit.NONE);
        assertThat(a.admit(key("k", new KeyLimits(Set.of("m"), null, null, null, null, null)), "m", 10)).isSameAs(Permit.NONE);
        assertThat(a.admit(Principal.BOOTSTRAP, "m", 10)).isSameAs(Permit.NONE);
    }

    @Test
    void requestsPerMinuteHoldOverARollingMinute() {
        Principal p = key("rpm", limits(3, null, null, null, null));
        for (int i = 0; i < 3; i++) {
            admission.admit(p, "m", 1).close();
            clock.advanceSeconds(10);
        }
        RateLimitedException e = rejected(() -> admission.admit(p, "m", 1));
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).contains("3 requests per minute");
        // the first request was 30 s ago: it leaves the 61-second window in 31 s
        assertThat(e.retryAfterSeconds()).isEqualTo(31);
        clock.advanceSeconds(30);
        rejected(() -> admission.admit(p, "m", 1));
        clock.advanceSeconds(1);
        admission.admit(p, "m", 1).close();
        rejected(() -> admission.admit(p, "m", 1));
    }

    @Test
    void tokensPerMinuteCountTheSettledUsage() {
        Principal p = key("tpm", limits(null, 100, null, null, null));
        try (Permit a = admission.admit(p, "m", 80)) {
            a.settle(10); // used far less than reserved: the window holds 10, not 80
        }
        try (Permit b = admission.admit(p, "m", 80)) {
            b.settle(80);
        }
        try (Permit c = admission.admit(p, "m", 5)) { // 90 < 100
            c.settle(5);
        }
        admission.admit(p, "m", 5).close(); // 95 < 100; unsettled, so returned
        try (Permit d = admission.admit(p, "m", 5)) {
            d.settle(5);
        }
        assertThat(rejected(() -> admission.admit(p, "m", 1)).code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void tokensPerMinuteRefuseOnceTheWindowIsFull() {
        Principal p = key("tpm2", limits(null, 100, null, null, null));
        try (Permit a = admission.admit(p, "m", 60)) {
            a.settle(60);
        }
        clock.advanceSeconds(5);
        Permit open = admission.admit(p, "m", 60); // 60 < 100: admitted, reserves 60 more (one reservation of overrun)
        RateLimitedException e = rejected(() -> admission.admit(p, "m", 1));
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.getMessage()).contains("100 tokens per minute");
        assertThat(e.retryAfterSeconds()).isEqualTo(56); // when the first 60 tokens leave the window
        open.close(); // never settled: the reservation is returned
        admission.admit(p, "m", 1).close();
    }

    @Test
    void concurrentRequestsAreCappedAndFreedOnClose() {
        Principal p = key("conc", limits(null, null, 2, null, null));
        Permit a = admission.admit(p, "m", 1);
        Permit b = admission.admit(p, "m", 1);
        RateLimitedException e = rejected(() -> admission.admit(p, "m", 1));
        assertThat(e.getMessage()).contains("2 requests at once");
        a.close();
        a.close(); // idempotent: frees one slot only
        Permit c = admission.admit(p, "m", 1);
        rejected(() -> admission.admit(p, "m", 1));
        b.close();
        c.close();
    }

    @Test
    void budgetStopsAtThePeriodAndResetsAtTheNextUtcPeriod() {
        Principal p = key("budget", limits(null, null, null, 100L, "month"));
        try (Permit a = admission.admit(p, "m", 50)) {
            a.settle(70);
        }
        try (Permit b = admission.admit(p, "m", 50)) {
            b.settle(40); // 110: past the budget by less than one reservation
        }
        RateLimitedException e = rejected(() -> admission.admit(p, "m", 1));
        assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
        assertThat(e.retryAfterSeconds()).isEqualTo(60); // 2026-04-01T00:00Z is a minute away
        assertThat(ledger.load("budget", "2026-03-01")).isEqualTo(110);
        clock.advanceSeconds(60);
        admission.admit(p, "m", 1).close();
    }

    @Test
    void aSpentBudgetSurvivesARestart() {
        Principal p = key("restart", limits(null, null, null, 100L, "day"));
        try (Permit a = admission.admit(p, "m", 10)) {
            a.settle(100);
        }
        // a new process: fresh counters, the same ledger (the database)
        MemoryCounterStore fresh = new MemoryCounterStore(ledger);
        LimitAdmission restarted = new LimitAdmission(fresh, ledger, clock);
        assertThat(rejected(() -> restarted.admit(p, "m", 1)).code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
    }

    @Test
    void anUnsettledRequestReturnsItsReservation() {
        Principal p = key("unsettled", limits(null, null, null, 100L, "day"));
        Permit a = admission.admit(p, "m", 99);
        Permit b = admission.admit(p, "m", 1); // 99 reserved < 100: admitted, now 100
        rejected(() -> admission.admit(p, "m", 1));
        a.close();
        b.close();
        admission.admit(p, "m", 1).close();
    }

    /** Asserts a refusal; an admitted permit fails the test. */
    private static RateLimitedException rejected(java.util.function.Supplier<Permit> admit) {
        try {
            admit.get().close();
        } catch (RateLimitedException e) {
            return e;
        }
        throw new AssertionError("admitted, expected a refusal");
    }
}
