package io.llmsvc.gateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.db.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The request log table on H2, PostgreSQL and MariaDB: batch writes, filtered keyset pages, usage, retention. */
class RequestLogStoreTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final RequestIds ids = new RequestIds(7);

    RequestRecord rec(Instant ts, String user, String key, String model, int status, String error, int in, int out, Double ttft) {
        return RequestRecord.of(ids.next(), ts, user, key, "/v1/chat/completions", "w-1", model, status, error,
                100.5, ttft, in, out, 0.25, ttft != null);
    }

    static RequestLogStore store(TestDatabase.Instance db) {
        DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new RequestLogStore(new JdbcTemplate(ds));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void writesPagesAndAggregates(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            RequestLogStore store = store(db);
            List<RequestRecord> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) batch.add(rec(NOW.minusSeconds(60 - i), "alice", "sk-a1", "tiny", 200, null, 10, 5, 12.5));
            batch.add(rec(NOW.minusSeconds(30), "alice", "sk-a1", "tiny", 500, "internal_error", 3, 0, null));
            batch.add(rec(NOW.minusSeconds(20), "bob", null, "big", 200, null, 7, 1, 8.0));
            batch.add(rec(NOW.minusSeconds(10), null, null, null, 401, "invalid_api_key", 0, 0, null));
            assertThat(store.insert(batch)).isZero();

            // keyset paging, newest first, no gaps or repeats
            Set<Long> seen = new HashSet<>();
            RequestLogStore.Page p = store.page(RequestLogStore.Filter.ALL, null, 3);
            List<Long> order = new ArrayList<>();
            while (true) {
                p.records().forEach(r -> order.add(r.id()));
                p.records().forEach(r -> assertThat(seen.add(r.id())).isTrue());
                if (p.nextCursor() == null) break;
                p = store.page(RequestLogStore.Filter.ALL, p.nextCursor(), 3);
            }
            assertThat(seen).hasSize(8);
            assertThat(order).isSortedAccordingTo((a, b) -> Long.compare(b, a));

            RequestRecord first = store.page(RequestLogStore.Filter.ALL, null, 1).records().get(0);
            assertThat(first.status()).isEqualTo(401);
            assertThat(first.userId()).isNull();
            assertThat(first.ts()).isEqualTo(NOW.minusSeconds(10));

            var alice = new RequestLogStore.Filter(null, null, "alice", null, null, null, null);
            assertThat(store.page(alice, null, 100).records()).hasSize(6).allMatch(r -> "alice".equals(r.userId()));
            var window = new RequestLogStore.Filter(NOW.minusSeconds(30), NOW.minusSeconds(10), null, null, null, null, null);
            assertThat(store.page(window, null, 100).records()).extracting(RequestRecord::userId).containsExactly("bob", "alice");
            var errors = new RequestLogStore.Filter(null, null, null, "sk-a1", "tiny", 500, "/v1/chat/completions");
            RequestRecord failed = store.page(errors, null, 100).records().getFirst();
            assertThat(failed.errorCode()).isEqualTo("internal_error");
            assertThat(failed.ttftMs()).isNull();
            assertThat(failed.target()).isEqualTo("w-1");
            assertThat(failed.latencyMs()).isEqualTo(100.5);

            // model calls only: rows with no model (page loads, polling) are left out of pages and usage
            var calls = new RequestLogStore.Filter(null, null, null, null, null, null, null, true);
            assertThat(store.page(calls, null, 100).records()).isNotEmpty().allMatch(r -> r.model() != null);
            assertThat(store.page(calls, null, 100).records().size()).isLessThan(store.page(RequestLogStore.Filter.ALL, null, 100).records().size());
            assertThat(store.usage(calls, RequestLogStore.GroupBy.MODEL, 100)).allMatch(u -> u.key() != null);

            List<RequestLogStore.UsageRow> byModel = store.usage(RequestLogStore.Filter.ALL, RequestLogStore.GroupBy.MODEL, 100);
            RequestLogStore.UsageRow tiny = byModel.stream().filter(u -> "tiny".equals(u.key())).findFirst().orElseThrow();
            assertThat(tiny.requests()).isEqualTo(6);
            assertThat(tiny.tokensIn()).isEqualTo(53);
            assertThat(tiny.tokensOut()).isEqualTo(25);
            assertThat(tiny.errors()).isEqualTo(1);
            assertThat(tiny.avgTtftMs()).isEqualTo(12.5);
            assertThat(store.usage(alice, RequestLogStore.GroupBy.USER, 100)).extracting(RequestLogStore.UsageRow::key).containsExactly("alice");
            assertThat(store.usage(RequestLogStore.Filter.ALL, RequestLogStore.GroupBy.KEY, 100)).hasSize(2);
            List<RequestLogStore.UsageRow> byDay = store.usage(RequestLogStore.Filter.ALL, RequestLogStore.GroupBy.DAY, 100);
            assertThat(byDay.stream().mapToLong(RequestLogStore.UsageRow::requests).sum()).isEqualTo(8);
            assertThat(byDay.getFirst().key()).matches("\\d{4}-\\d{2}-\\d{2}");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void retentionDeletesOldRowsInBatches(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            RequestLogStore store = store(db);
            List<RequestRecord> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) rows.add(rec(NOW.minus(40 + i, ChronoUnit.DAYS), "alice", null, "tiny", 200, null, 1, 1, null));
            rows.add(rec(NOW.minus(1, ChronoUnit.DAYS), "alice", null, "tiny", 200, null, 1, 1, null));
            rows.add(rec(NOW, "bob", null, "tiny", 200, null, 1, 1, null));
            store.insert(rows);

            RequestLogStore.Purge purge = store.deleteOlderThan(NOW.minus(30, ChronoUnit.DAYS), 3);
            assertThat(purge.rows()).isEqualTo(10);
            assertThat(purge.statements()).isEqualTo(4);
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.deleteOlderThan(NOW.minus(30, ChronoUnit.DAYS), 3).rows()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBatchWithAnIdClashStillWritesTheOtherRows(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            RequestLogStore store = store(db);
            RequestRecord a = rec(NOW, "alice", null, "tiny", 200, null, 1, 1, null);
            store.insert(List.of(a));
            RequestRecord b = rec(NOW, "bob", null, "tiny", 200, null, 1, 1, null);
            assertThat(store.insert(List.of(b, a))).isEqualTo(1);
            assertThat(store.count()).isEqualTo(2);
        }
    }
}
