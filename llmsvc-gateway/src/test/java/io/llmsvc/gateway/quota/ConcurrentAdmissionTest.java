package io.llmsvc.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.RateLimitedException;
import io.llmsvc.gateway.auth.ApiKeyInfo;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.testkit.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads hammering one key, in memory and on real Redis: the budget is never overrun by more than one
 * reservation, requests per minute and concurrency never pass their limits.
 */
class ConcurrentAdmissionTest {
    static final int THREADS = 12;

    enum Kind {
        MEMORY, REDIS;

        CounterStore create(CounterStore.BudgetLedger ledger, MutableClock clock) {
            return this == MEMORY ? new MemoryCounterStore(ledger)
                    : new RedisCounterStore(TestRedis.url(), TestRedis.prefix(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    ledger, "redis", clock);
        }
    }

    static Principal key(KeyLimits l) {
        return new Principal("u", "u", Set.of(Principal.USER), new ApiKeyInfo("key-" + TestRedis.prefix(), "sk-llmsvc-x", l));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void budgetIsNeverOverrunByMoreThanOneReservation(Kind kind) throws Exception {
        MutableClock clock = new MutableClock("2026-05-10T12:00:00Z");
        LimitAdmissionTest.Ledger ledger = new LimitAdmissionTest.Ledger();
        long budget = 20_000;
        int maxEstimate = 120;
        try (CounterStore store = kind.create(ledger, clock)) {
            LimitAdmission admission = new LimitAdmission(store, ledger, clock);
            Principal p = key(new KeyLimits(null, null, null, null, budget, "day"));
            AtomicLong used = new AtomicLong();
            AtomicInteger refusals = new AtomicInteger();
            run(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (refusals.get() < 50) {
                    int estimate = 1 + r.nextInt(maxEstimate);
                    try (Permit permit = admission.admit(p, "m", estimate)) {
                        int actual = 1 + r.nextInt(estimate); // the real usage is at most the estimate
                        if (r.nextInt(10) == 0) continue; // some requests fail before usage: reservation returned
                        permit.settle(actual);
                        used.addAndGet(actual);
                    } catch (RateLimitedException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
                        refusals.incrementAndGet();
                    }
                }
            });
            assertThat(used.get()).isLessThan(budget + maxEstimate);
            assertThat(used.get()).isGreaterThan(budget * 9 / 10); // the budget was really spent, not refused early
            assertThat(ledger.load(p.key().id(), "2026-05-10")).isEqualTo(used.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void requestsPerMinuteAndConcurrencyHoldUnderContention(Kind kind) throws Exception {
        MutableClock clock = new MutableClock("2026-05-10T12:00:00Z");
        try (CounterStore store = kind.create(CounterStore.BudgetLedger.NONE, clock)) {
            LimitAdmission admission = new LimitAdmission(store, CounterStore.BudgetLedger.NONE, clock);
            Principal p = key(new KeyLimits(null, 150, null, 3, null, null));
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            AtomicInteger attempts = new AtomicInteger();
            run(() -> {
                while (attempts.incrementAndGet() <= 2000) {
                    try (Permit permit = admission.admit(p, "m", 1)) {
                        admitted.incrementAndGet();
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        inFlight.decrementAndGet();
                        permit.settle(1);
                    } catch (RateLimitedException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    }
                }
            });
            assertThat(admitted.get()).isEqualTo(150); // the clock stands still: one minute's worth, exactly
            assertThat(maxInFlight.get()).isBetween(1, 3);
        }
    }

    private static void run(Runnable task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                task.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        pool.shutdownNow();
    }
}
