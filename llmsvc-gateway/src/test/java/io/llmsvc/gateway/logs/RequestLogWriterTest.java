package io.llmsvc.gateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RequestLogWriterTest {
    final RequestIds ids = new RequestIds(1);

    static LogsProperties props(int capacity, int batch) {
        var d = LogsProperties.defaults();
        return new LogsProperties(true, capacity, batch, Duration.ofMillis(20), d.retention(), d.retentionInterval(),
                d.deleteBatchSize(), d.maxPageSize());
    }

    RequestRecord rec() {
        return RequestRecord.of(ids.next(), Instant.now(), "u", null, "/v1/models", null, null, 200, null, 1, null, 0, 0, 1, false);
    }

    @Test
    @Timeout(30)
    void aFullQueueDropsAndCountsWithoutBlockingThenFlushesOnClose() {
        List<RequestRecord> written = Collections.synchronizedList(new ArrayList<>());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RequestLogWriter w = new RequestLogWriter(props(5, 2), b -> { written.addAll(b); return 0; }, registry);
        // not started: nothing drains the queue, so offers beyond its capacity must return at once, dropped
        int accepted = 0;
        for (int i = 0; i < 12; i++) if (w.offer(rec())) accepted++;
        assertThat(accepted).isEqualTo(5);
        assertThat(w.dropped()).isEqualTo(7);
        assertThat(registry.get("llmsvc.request.log.dropped").counter().count()).isEqualTo(7);
        assertThat(registry.get("llmsvc.request.log.queue").gauge().value()).isEqualTo(5);

        w.close();
        assertThat(written).hasSize(5);
        assertThat(w.queued()).isZero();
    }

    @Test
    @Timeout(30)
    void aSlowDatabaseNeverBlocksTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        List<RequestRecord> written = Collections.synchronizedList(new ArrayList<>());
        RequestLogWriter w = new RequestLogWriter(props(3, 1), b -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.addAll(b);
            return 0;
        }, new SimpleMeterRegistry());
        w.start();
        w.offer(rec());
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        // the writer thread is stuck in the database: 3 more fit, the rest are dropped, none of it waits
        for (int i = 0; i < 10; i++) w.offer(rec());
        assertThat(w.dropped()).isEqualTo(7);
        release.countDown();
        w.close();
        assertThat(written).hasSize(4);
    }

    @Test
    @Timeout(30)
    void rowsTheDatabaseRejectsAreCountedAsFailed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RequestLogWriter w = new RequestLogWriter(props(10, 10), b -> { throw new IllegalStateException("db down"); }, registry);
        w.offer(rec());
        w.offer(rec());
        w.close();
        assertThat(w.failed()).isEqualTo(2);
        assertThat(registry.get("llmsvc.request.log.failed").counter().count()).isEqualTo(2);
    }

    @Test
    void idsAreUniqueAndOrderedEvenBeyondAThousandPerMillisecond() {
        RequestIds gen = new RequestIds(3);
        long prev = 0;
        for (int i = 0; i < 50_000; i++) {
            long id = gen.next();
            assertThat(id).isGreaterThan(prev);
            prev = id;
        }
        assertThat(prev >>> 20).isGreaterThanOrEqualTo(System.currentTimeMillis() - 60_000);
    }
}
