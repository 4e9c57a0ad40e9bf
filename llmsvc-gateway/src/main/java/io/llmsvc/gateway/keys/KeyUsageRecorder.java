package io.llmsvc.gateway.keys;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code last_used_at} of keys: noted in memory on the request path, written in batches by a background thread. */
final class KeyUsageRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyUsageRecorder.class);
    private final ApiKeyStore store;
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    KeyUsageRecorder(ApiKeyStore store, long flushMillis) {
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("llmsvc-key-usage").factory());
        flusher.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    void used(String keyId, Instant at) {
        pending.put(keyId, at);
    }

    synchronized void flush() {
        if (pending.isEmpty()) return;
        Map<String, Instant> batch = new HashMap<>();
        for (String id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) batch.put(id, at);
        }
        try {
            store.touch(batch);
        } catch (RuntimeException e) {
            log.warn("could not record API key use: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flush();
    }
}
