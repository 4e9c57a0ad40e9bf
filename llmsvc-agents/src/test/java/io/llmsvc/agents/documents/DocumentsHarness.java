package io.llmsvc.agents.documents;

import io.llmsvc.agents.documents.chunk.Chunker;
import io.llmsvc.agents.documents.fetch.UrlFetcher;
import io.llmsvc.agents.documents.ingest.IngestionQueue;
import io.llmsvc.agents.documents.ingest.Ingestor;
import io.llmsvc.agents.documents.parse.DocumentParser;
import io.llmsvc.agents.documents.storage.FileStorage;
import io.llmsvc.agents.documents.store.DocumentStore;
import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The document service wired by hand over a real database, a data directory, the in-memory index and a real
 * embedder: one "process" of the documents target. Two harnesses over the same database, directory and index play a
 * restart.
 */
public final class DocumentsHarness implements AutoCloseable {
    private static volatile Embedder builtin;

    /** The built-in ONNX embedder, loaded once for all tests. */
    public static Embedder builtinEmbedder() {
        if (builtin == null) {
            synchronized (DocumentsHarness.class) {
                if (builtin == null) builtin = new BuiltinEmbedder();
            }
        }
        return builtin;
    }

    public final DocumentsProperties props;
    public final DocumentStore store;
    public final FileStorage storage;
    public final MemoryChunkIndex index;
    public final RecordingRetrieval retrieval;
    public final IngestionQueue queue;
    public final DocumentsService service;
    public final Path dataDir;

    public DocumentsHarness(DataSource ds, Path dataDir, DocumentsProperties props, Embedder embedder, MemoryChunkIndex index) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        this.props = props;
        this.dataDir = dataDir;
        this.store = new DocumentStore(new JdbcTemplate(ds));
        this.storage = new FileStorage(dataDir);
        this.index = index;
        this.retrieval = new RecordingRetrieval(index);
        UrlFetcher fetcher = new UrlFetcher(props);
        Ingestor ingestor = new Ingestor(props, store, storage, new DocumentParser(props),
                new Chunker(props.chunkTokens(), props.chunkOverlapTokens()), fetcher, embedder, () -> index);
        this.queue = new IngestionQueue(ingestor, props.ingestThreads());
        this.service = new DocumentsService(props, store, storage, queue, fetcher, embedder, () -> index, () -> retrieval);
        queue.start();
    }

    public DocumentInfo upload(io.llmsvc.api.agents.Caller caller, String name, byte[] bytes, String visibility) {
        return service.ingestDocument(caller, new io.llmsvc.api.agents.DocumentUpload(name, "application/octet-stream",
                visibility, null, bytes.length, new ByteArrayInputStream(bytes)));
    }

    /** Waits until the document is ready or failed (a guard against hanging, not a timing assertion). */
    public DocumentInfo awaitFinished(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            var doc = store.find(id).orElseThrow(() -> new AssertionError("document " + id + " is gone"));
            if (doc.status().finished()) return doc.toInfo();
            sleep(20);
        }
        throw new AssertionError("document " + id + " did not finish: " + store.find(id));
    }

    /** Waits until the document reaches {@code status}. */
    public void awaitStatus(String id, DocumentStatus status) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (store.find(id).map(d -> d.status() == status).orElse(false)) return;
            sleep(10);
        }
        throw new AssertionError("document " + id + " never reached " + status + ": " + store.find(id));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
