package io.llmsvc.agents.documents.ingest;

import static io.llmsvc.agents.documents.TestDocuments.Para.h;
import static io.llmsvc.agents.documents.TestDocuments.Para.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.DocumentsHarness;
import io.llmsvc.agents.documents.DocumentsProperties;
import io.llmsvc.agents.documents.MemoryChunkIndex;
import io.llmsvc.agents.documents.TestDocuments;
import io.llmsvc.agents.documents.TestProps;
import io.llmsvc.agents.documents.storage.FileStorage;
import io.llmsvc.agents.documents.store.DocumentRecord;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.testkit.db.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Restarts during ingestion: a second "process" (harness) over the same database, data directory and index finds
 * what the first left behind and finishes it, or fails it with a reason; the index ends consistent.
 */
class RecoveryTest {
    static final Caller ALICE = new Caller("alice", Set.of("user"));

    @TempDir
    Path dataDir;
    private TestDatabase.Instance db;
    private DataSource ds;
    private final MemoryChunkIndex index = new MemoryChunkIndex();
    private final List<DocumentsHarness> harnesses = new ArrayList<>();

    @BeforeEach
    void open() {
        db = TestDatabase.H2.create();
        ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
    }

    @AfterEach
    void close() {
        harnesses.forEach(DocumentsHarness::close);
        db.close();
    }

    private DocumentsHarness start(Embedder embedder, DocumentsProperties props) {
        DocumentsHarness h = new DocumentsHarness(ds, dataDir, props, embedder, index);
        harnesses.add(h);
        return h;
    }

    /** Wraps the real embedder; blocks every call until released (interruptibly), or fails for poisoned text. */
    static final class GatedEmbedder implements Embedder {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Embedder real = DocumentsHarness.builtinEmbedder();
        volatile boolean gate = true;
        final java.util.concurrent.atomic.AtomicInteger flaky = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String id() { return real.id(); }

        @Override
        public int dimensions() { return real.dimensions(); }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            if (texts.stream().anyMatch(t -> t.contains("POISON"))) throw new IllegalStateException("embedder crashed");
            if (texts.stream().anyMatch(t -> t.contains("FLAKY")) && flaky.getAndIncrement() < 1) {
                throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the embedding model is restarting");
            }
            if (texts.stream().anyMatch(t -> t.contains("REFUSED"))) {
                throw new LlmsvcException(ErrorCode.INVALID_REQUEST, "the embedding model refused the input");
            }
            if (gate) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while embedding", e);
                }
            }
            return real.embedPassages(texts);
        }

        @Override
        public float[] embedQuery(String text) { return real.embedQuery(text); }
    }

    private static byte[] handbook() {
        return TestDocuments.docx(List.of(h(1, "Leave"), p("Annual leave is fifteen days."), h(1, "Remote work"),
                p("Two days a week from home."), h(1, "휴가"), p("연차는 15일입니다.")), "Handbook");
    }

    @Test
    void aDocumentInterruptedWhileEmbeddingIsFinishedAfterRestart() throws Exception {
        GatedEmbedder gated = new GatedEmbedder();
        DocumentsHarness first = start(gated, TestProps.defaults().build());
        DocumentInfo doc = first.upload(ALICE, "handbook.docx", handbook(), null);
        assertThat(gated.entered.await(2, TimeUnit.MINUTES)).isTrue();
        first.awaitStatus(doc.id(), DocumentStatus.EMBEDDING);

        first.close(); // the process stops: the embedding call is interrupted
        harnesses.remove(first);
        DocumentRecord left = first.store.find(doc.id()).orElseThrow();
        assertThat(left.status()).as("left as it was, for recovery").isEqualTo(DocumentStatus.EMBEDDING);
        assertThat(index.documentIds()).doesNotContain(doc.id());
        // what a crash in the middle of an index write could leave, and entries of a document deleted while down
        Chunk partial = new Chunk(Chunk.idOf(doc.id(), 0), doc.id(), 0, "half", "t", "s", null, null, 0, 4, 1);
        index.replaceDocument(doc.id(), List.of(partial), List.of(new float[384]));
        index.replaceDocument("ghost", List.of(new Chunk("ghost:0", "ghost", 0, "boo", "t", "s", null, null, 0, 3, 1)),
                List.of(new float[384]));

        DocumentsHarness second = start(DocumentsHarness.builtinEmbedder(), TestProps.defaults().build());
        assertThat(index.documentIds()).as("reconciled at start").doesNotContain("ghost");
        DocumentInfo done = second.awaitFinished(doc.id());
        assertThat(done.status()).isEqualTo(DocumentStatus.READY);
        assertThat(done.chunks()).isEqualTo(3);
        assertThat(index.chunks(doc.id())).extracting(Chunk::section).containsExactly("Leave", "Remote work", "휴가");
        assertThat(index.documentIds()).containsExactly(doc.id());
        assertThat(second.store.find(doc.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void leftoversOfACrashAreFinishedFailedOrRemoved() throws Exception {
        FileStorage storage = new FileStorage(dataDir);
        DocumentsHarness setup = start(DocumentsHarness.builtinEmbedder(), TestProps.defaults().build());
        setup.close();
        harnesses.remove(setup);
        var store = setup.store;
        Instant t = Instant.now();
        insert(store, "parsing-with-file", DocumentStatus.PARSING, 1, 0, t);
        original(storage, "parsing-with-file", "Parsing was interrupted here.");
        insert(store, "embedding-no-file", DocumentStatus.EMBEDDING, 1, 0, t);
        insert(store, "queued-with-file", DocumentStatus.QUEUED, 0, 0, t);
        original(storage, "queued-with-file", "Still waiting in the queue.");
        insert(store, "crash-loop", DocumentStatus.PARSING, 3, 0, t);
        original(storage, "crash-loop", "This one crashed the process three times.");
        insert(store, "ready-lost-index", DocumentStatus.READY, 1, 1, t);
        original(storage, "ready-lost-index", "The index lost my chunks.");
        insert(store, "ready-lost-all", DocumentStatus.READY, 1, 1, t);
        insert(store, "ready-fine", DocumentStatus.READY, 1, 1, t);
        original(storage, "ready-fine", "All good.");
        Chunk fine = new Chunk("ready-fine:0", "ready-fine", 0, "All good.", "t", "ready-fine.txt", null, null, 0, 9, 3);
        index.replaceDocument("ready-fine", List.of(fine), List.of(new float[384]));
        insert(store, "failed-with-entries", DocumentStatus.FAILED, 1, 0, t);
        index.replaceDocument("failed-with-entries", List.of(new Chunk("failed-with-entries:0", "failed-with-entries", 0,
                "x", "t", "s", null, null, 0, 1, 1)), List.of(new float[384]));
        original(storage, "orphan-file", "No row owns me.");
        storage.stage(new ByteArrayInputStream(new byte[100]), 1000); // an upload cut off by the crash
        int replacesBefore = index.replaceCalls;

        DocumentsHarness after = start(DocumentsHarness.builtinEmbedder(), TestProps.defaults().build());
        assertThat(after.awaitFinished("parsing-with-file").status()).isEqualTo(DocumentStatus.READY);
        assertThat(after.awaitFinished("queued-with-file").status()).isEqualTo(DocumentStatus.READY);
        assertThat(after.awaitFinished("ready-lost-index").status()).isEqualTo(DocumentStatus.READY);
        assertThat(index.chunks("ready-lost-index")).extracting(Chunk::text).containsExactly("The index lost my chunks.");
        DocumentInfo noFile = after.awaitFinished("embedding-no-file");
        assertThat(noFile.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(noFile.error()).isEqualTo("ingestion was interrupted and the original is missing");
        DocumentInfo loop = after.awaitFinished("crash-loop");
        assertThat(loop.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(loop.error()).isEqualTo("ingestion was interrupted 3 times; giving up (llmsvc.documents.max-attempts)");
        DocumentInfo lost = after.awaitFinished("ready-lost-all");
        assertThat(lost.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(lost.error()).contains("original is missing");

        assertThat(index.chunks("ready-fine")).containsExactly(fine);
        assertThat(index.replaceCalls - replacesBefore).as("only the three re-ingested documents were written").isEqualTo(3);
        assertThat(index.documentIds()).containsExactlyInAnyOrder("parsing-with-file", "queued-with-file", "ready-lost-index", "ready-fine");
        assertThat(Files.exists(dataDir.resolve("documents/files/orphan-file"))).isFalse();
        try (var tmp = Files.list(dataDir.resolve("documents/tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aDocumentDeletedDuringIngestionLeavesNothingInTheIndex() throws Exception {
        GatedEmbedder gated = new GatedEmbedder();
        DocumentsHarness h = start(gated, TestProps.defaults().build());
        DocumentInfo doc = h.upload(ALICE, "handbook.docx", handbook(), null);
        assertThat(gated.entered.await(2, TimeUnit.MINUTES)).isTrue();
        h.service.deleteDocument(ALICE, doc.id());
        gated.gate = false;
        gated.release.countDown();
        // one ingestion thread: once the next document is ready, the deleted one has been dealt with
        DocumentInfo next = h.upload(ALICE, "next.txt", TestDocuments.utf8("next"), null);
        assertThat(h.awaitFinished(next.id()).status()).isEqualTo(DocumentStatus.READY);
        assertThat(index.documentIds()).containsExactly(next.id());
        assertThat(h.store.find(doc.id())).isEmpty();
        assertThat(Files.exists(dataDir.resolve("documents/files/" + doc.id()))).isFalse();
    }

    @Test
    void oneDocumentsFailureDoesNotAffectAnother() {
        GatedEmbedder gated = new GatedEmbedder();
        gated.gate = false;
        DocumentsHarness h = start(gated, TestProps.defaults().set(p -> p.ingestThreads = 2).build());
        DocumentInfo poisoned = h.upload(ALICE, "poison.txt", TestDocuments.utf8("This text contains POISON for the embedder."), null);
        DocumentInfo good = h.upload(ALICE, "good.txt", TestDocuments.utf8("A perfectly ordinary document."), null);
        DocumentInfo failed = h.awaitFinished(poisoned.id());
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.error()).isEqualTo("internal error while ingesting (IllegalStateException)");
        assertThat(h.awaitFinished(good.id()).status()).isEqualTo(DocumentStatus.READY);
        assertThat(index.documentIds()).containsExactly(good.id());
    }

    @Test
    void aTemporarilyUnavailableEmbedderIsRetriedAndAnErrorItReportsIsTheReason() {
        GatedEmbedder gated = new GatedEmbedder();
        gated.gate = false;
        DocumentsHarness h = start(gated, TestProps.defaults().build());
        DocumentInfo flaky = h.upload(ALICE, "flaky.txt", TestDocuments.utf8("FLAKY embedder, second try works."), null);
        DocumentInfo refused = h.upload(ALICE, "refused.txt", TestDocuments.utf8("REFUSED by the embedder."), null);
        assertThat(h.awaitFinished(flaky.id()).status()).isEqualTo(DocumentStatus.READY);
        assertThat(gated.flaky.get()).isEqualTo(2);
        DocumentInfo failed = h.awaitFinished(refused.id());
        assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(failed.error()).isEqualTo("embedding failed: the embedding model refused the input");
    }

    private static void insert(io.llmsvc.agents.documents.store.DocumentStore store, String id, DocumentStatus status,
                               int attempts, int chunks, Instant t) {
        store.insert(new DocumentRecord(id, "alice", null, id + ".txt", "text/plain", 10, null, "private", status, null,
                1, chunks, attempts, t, t));
    }

    private static void original(FileStorage storage, String id, String text) throws Exception {
        storage.commit(storage.stage(new ByteArrayInputStream(TestDocuments.utf8(text)), 10_000), id);
    }
}
