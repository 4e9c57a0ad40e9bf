package io.llmsvc.gateway.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Budget consumption in table {@code key_budget_usage}. Settled tokens are added to an in-memory sum per key and
 * period on the request path (no I/O) and written as increments by a background thread every flush interval, so
 * several replicas can add to the same row. {@link #load} is read when a counter is cold.
 */
final class BudgetJournal implements CounterStore.BudgetLedger, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BudgetJournal.class);

    private record Slot(String keyId, String period) {}

    private final JdbcClient jdbc;
    private final Map<Slot, LongAdder> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    BudgetJournal(JdbcClient jdbc, long flushMillis) {
        this.jdbc = jdbc;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("llmsvc-budget-flush").factory());
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long load(String keyId, String period) {
        Long stored = jdbc.sql("SELECT tokens FROM key_budget_usage WHERE key_id = ? AND period_start = ?")
                .params(keyId, period).query(Long.class).optional().orElse(0L);
        LongAdder p = pending.get(new Slot(keyId, period));
        return stored + (p == null ? 0 : p.sum());
    }

    @Override
    public void add(String keyId, String period, long tokens) {
        if (tokens <= 0) return;
        // compute (not computeIfAbsent + add) so that flush's removal of an empty sum cannot lose this increment
        pending.compute(new Slot(keyId, period), (s, sum) -> {
            LongAdder a = sum == null ? new LongAdder() : sum;
            a.add(tokens);
            return a;
        });
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not write budget usage: {}", e.toString());
        }
    }

    /** Writes every pending increment; an increment that fails is kept for the next flush. */
    synchronized void flush() {
        for (var e : pending.entrySet()) {
            long tokens = e.getValue().sumThenReset();
            if (tokens == 0) continue;
            try {
                write(e.getKey(), tokens);
            } catch (DataAccessException ex) {
                e.getValue().add(tokens);
                throw ex;
            }
        }
        for (Slot s : pending.keySet()) pending.computeIfPresent(s, (k, a) -> a.sum() == 0 ? null : a);
    }

    private void write(Slot s, long tokens) {
        String update = "UPDATE key_budget_usage SET tokens = tokens + ? WHERE key_id = ? AND period_start = ?";
        if (jdbc.sql(update).params(tokens, s.keyId(), s.period()).update() > 0) return;
        try {
            jdbc.sql("INSERT INTO key_budget_usage (key_id, period_start, tokens) VALUES (?, ?, ?)")
                    .params(s.keyId(), s.period(), tokens).update();
        } catch (DuplicateKeyException raced) {
            jdbc.sql(update).params(tokens, s.keyId(), s.period()).update(); // another replica inserted first
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flushQuietly();
    }
}
