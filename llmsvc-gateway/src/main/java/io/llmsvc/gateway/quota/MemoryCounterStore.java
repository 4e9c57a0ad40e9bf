package io.llmsvc.gateway.quota;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters in this process: one small state object per key, updated under that key's lock (keys never contend
 * with each other). A budget counter is loaded from the {@link CounterStore.BudgetLedger} the first time a period
 * is seen, so a restart does not reset a spent budget.
 */
final class MemoryCounterStore implements CounterStore {
    private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
    private final BudgetLedger ledger;

    MemoryCounterStore(BudgetLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Decision acquire(Request r) {
        KeyState s = keys.computeIfAbsent(r.keyId(), k -> new KeyState());
        long loaded = -1;
        if (r.budget() > 0 && !r.period().equals(s.period())) {
            loaded = ledger.load(r.keyId(), r.period()); // a database read, once per key and period: outside the lock
        }
        long now = r.second();
        synchronized (s) {
            if (r.budget() > 0 && !r.period().equals(s.period)) {
                s.period = r.period();
                s.used = Math.max(0, loaded);
                s.reserved = 0;
            }
            if (r.rpm() > 0) {
                long sum = s.requests.sum(now);
                if (sum >= r.rpm()) return new Decision.Refused(Limit.RPM, s.requests.retryAfter(now, sum, r.rpm()));
            }
            if (r.tpm() > 0) {
                long sum = s.tokens.sum(now);
                if (sum >= r.tpm()) return new Decision.Refused(Limit.TPM, s.tokens.retryAfter(now, sum, r.tpm()));
            }
            if (r.maxConcurrent() > 0 && s.inFlight >= r.maxConcurrent()) return new Decision.Refused(Limit.CONCURRENCY, 1);
            if (r.budget() > 0 && s.used + s.reserved >= r.budget()) return new Decision.Refused(Limit.BUDGET, 0);

            if (r.rpm() > 0) s.requests.add(now, 1, now);
            if (r.tpm() > 0) s.tokens.add(now, r.cost(), now);
            if (r.maxConcurrent() > 0) s.inFlight++;
            if (r.budget() > 0) s.reserved += r.cost();
        }
        return new Decision.Granted(new Ticket(r.keyId(), now, r.cost(), r.tpm() > 0, r.budget() > 0 ? r.period() : null,
                r.maxConcurrent() > 0 ? "slot" : null));
    }

    @Override
    public void finish(Ticket t, long actual) {
        KeyState s = keys.get(t.keyId());
        if (s == null) return;
        synchronized (s) {
            if (t.lease() != null && s.inFlight > 0) s.inFlight--;
            if (t.tpm()) s.tokens.adjust(t.second(), (actual < 0 ? 0 : actual) - t.cost());
            if (t.period() != null && t.period().equals(s.period)) {
                s.reserved = Math.max(0, s.reserved - t.cost());
                if (actual > 0) s.used += actual;
            }
        }
    }

    /** For tests and the keys API: tokens used in the current budget period, or -1 when unknown here. */
    long budgetUsed(String keyId, String period) {
        KeyState s = keys.get(keyId);
        if (s == null) return -1;
        synchronized (s) {
            return period.equals(s.period) ? s.used : -1;
        }
    }

    private static final class KeyState {
        final Window requests = new Window();
        final Window tokens = new Window();
        int inFlight;
        volatile String period;
        long used;
        long reserved;

        String period() { return period; }
    }

    /** Counts per second over the last {@link #WINDOW_SECONDS} seconds, in a ring. Guarded by the key's lock. */
    static final class Window {
        private final long[] seconds = new long[WINDOW_SECONDS];
        private final long[] counts = new long[WINDOW_SECONDS];

        Window() {
            java.util.Arrays.fill(seconds, Long.MIN_VALUE);
        }

        long sum(long now) {
            long sum = 0;
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                if (seconds[i] > now - WINDOW_SECONDS && seconds[i] <= now) sum += counts[i];
            }
            return sum;
        }

        void add(long second, long n, long now) {
            int i = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
            if (seconds[i] != second) {
                seconds[i] = second;
                counts[i] = 0;
            }
            counts[i] = Math.max(0, counts[i] + n);
        }

        /** Changes a past bucket, unless it has left the window. */
        void adjust(long second, long delta) {
            int i = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
            if (seconds[i] == second) counts[i] = Math.max(0, counts[i] + delta);
        }

        /** Seconds until enough old buckets leave the window for the sum to drop below the limit. */
        long retryAfter(long now, long sum, long limit) {
            for (long t = now - WINDOW_SECONDS + 1; t <= now; t++) {
                int i = (int) Math.floorMod(t, (long) WINDOW_SECONDS);
                if (seconds[i] == t) sum -= counts[i];
                if (sum < limit) return t + WINDOW_SECONDS - now;
            }
            return WINDOW_SECONDS;
        }
    }
}
