package io.llmsvc.agents.documents.ingest;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ingestion in the background on {@code ingest-threads} threads. The queue itself is the {@code queued} status in
 * the database: this class only holds ids in memory, and {@link #start()} rebuilds them (restart recovery) before
 * anything new is queued. A document is queued at most once at a time.
 */
public final class IngestionQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestionQueue.class);

    private final Ingestor ingestor;
    private final ExecutorService executor;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    public IngestionQueue(Ingestor ingestor, int threads) {
        this.ingestor = ingestor;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "documents-ingest-" + n.incrementAndGet());
            // a parser stuck in a huge document must not keep the process alive at shutdown; its document is recovered
            t.setDaemon(true);
            return t;
        });
    }

    /** Recovers what the last run left unfinished and queues it. */
    public void start() {
        List<String> ids = ingestor.recover();
        if (!ids.isEmpty()) log.info("queued {} documents whose ingestion was interrupted", ids.size());
        ids.forEach(this::submit);
    }

    /** Queues a document for ingestion (no-op when it is already waiting). */
    public void submit(String id) {
        if (!queued.add(id)) return;
        executor.execute(() -> {
            queued.remove(id);
            ingestor.ingest(id);
        });
    }

    /** Documents waiting for a thread. */
    public int waiting() {
        return queued.size();
    }

    /**
     * Stops: waiting documents stay {@code queued}, documents in progress stop at their next step and keep their
     * status; both are recovered at the next start.
     */
    @Override
    public void close() {
        ingestor.close();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("ingestion threads still busy after 10 s; their documents are recovered at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
