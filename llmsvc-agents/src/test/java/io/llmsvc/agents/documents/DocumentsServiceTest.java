package io.llmsvc.agents.documents;

import static io.llmsvc.agents.documents.TestDocuments.Para.h;
import static io.llmsvc.agents.documents.TestDocuments.Para.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.llmsvc.agents.embedding.Vectors;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.ChunkView;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.EmbedRequest;
import io.llmsvc.api.agents.EmbedResponse;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.api.agents.SearchResponse;
import io.llmsvc.api.agents.UrlIngestRequest;
import io.llmsvc.testkit.db.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The document service end to end: real H2, files on disk, Tika, the chunker, the ONNX embedder, an in-memory index. */
class DocumentsServiceTest {
    static final Caller ALICE = new Caller("alice", Set.of("user"));
    static final Caller BOB_HR = new Caller("bob", Set.of("user", "hr"));
    static final Caller CAROL = new Caller("carol", Set.of("user"));
    static final Caller ADMIN = new Caller("root", Set.of("admin"));

    @TempDir
    Path dataDir;
    private TestDatabase.Instance db;
    private DocumentsHarness h;

    private DocumentsHarness harness(Consumer<TestProps> change) {
        db = TestDatabase.H2.create();
        h = new DocumentsHarness(new DriverManagerDataSource(db.url(), db.username(), db.password()), dataDir,
                TestProps.defaults().set(change).build(), DocumentsHarness.builtinEmbedder(), new MemoryChunkIndex());
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) h.close();
        if (db != null) db.close();
    }

    static void assertError(ThrowingCallable call, ErrorCode code, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LlmsvcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            if (param != null) assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void everyFormatBecomesReadyWithCitableChunks() {
        harness(p -> { });
        List<DocumentInfo> docs = List.of(
                h.upload(ALICE, "report.pdf", TestDocuments.pdf(List.of("Revenue grew in the first quarter.", "Costs fell in the second quarter.")), null),
                h.upload(ALICE, "규정.pdf", TestDocuments.koreanPdf(List.of("연차 휴가는 입사일 기준으로 부여됩니다.")), null),
                h.upload(ALICE, "handbook.docx", TestDocuments.docx(List.of(h(1, "Leave"), p("Annual leave is fifteen days."),
                        h(2, "연차"), p("연차는 15일입니다.")), "Employee handbook"), null),
                h.upload(ALICE, "deck.pptx", TestDocuments.pptx(List.of(new String[] {"Plan", "Ship the beta."},
                        new String[] {"계획", "베타를 출시합니다."})), null),
                h.upload(ALICE, "page.html", TestDocuments.utf8("<html><head><title>Travel</title></head><body><h1>Trains</h1><p>Prefer trains.</p></body></html>"), null),
                h.upload(ALICE, "notes.md", TestDocuments.utf8("# 회의록\n\n다음 회의는 월요일입니다.\n"), null),
                h.upload(ALICE, "plain.txt", TestDocuments.utf8("Plain text works too."), null));
        assertThat(docs).allSatisfy(d -> assertThat(d.status()).isIn(DocumentStatus.QUEUED, DocumentStatus.PARSING,
                DocumentStatus.EMBEDDING, DocumentStatus.READY));
        for (DocumentInfo d : docs) {
            DocumentInfo done = h.awaitFinished(d.id());
            assertThat(done.status()).as(done.source() + ": " + done.error()).isEqualTo(DocumentStatus.READY);
            assertThat(done.chunks()).isPositive().isEqualTo(h.index.chunks(d.id()).size());
            assertThat(done.ownerId()).isEqualTo("alice");
            assertThat(done.visibility()).isEqualTo("private");
            // every vector is a unit vector of the embedder's size
            assertThat(h.index.vectors(d.id())).allSatisfy(v -> {
                assertThat(v).hasSize(384);
                assertThat(Vectors.dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
            });
        }
        DocumentInfo pdf = h.service.getDocument(ALICE, docs.get(0).id());
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.pages()).isEqualTo(2);
        assertThat(pdf.title()).isEqualTo("report");
        assertThat(h.index.chunks(pdf.id())).extracting(Chunk::page).containsExactly(1, 2);
        assertThat(h.index.chunks(pdf.id())).allSatisfy(c -> assertThat(c.source()).isEqualTo("report.pdf"));

        DocumentInfo docx = h.service.getDocument(ALICE, docs.get(2).id());
        assertThat(docx.title()).isEqualTo("Employee handbook");
        assertThat(h.index.chunks(docx.id())).extracting(Chunk::section).containsExactly("Leave", "Leave > 연차");
        assertThat(h.index.chunks(docx.id())).allSatisfy(c -> assertThat(c.title()).isEqualTo("Employee handbook"));
        assertThat(h.service.getDocument(ALICE, docs.get(3).id()).pages()).isEqualTo(2);
        assertThat(h.service.getDocument(ALICE, docs.get(4).id()).title()).isEqualTo("Travel");
        assertThat(h.service.getDocument(ALICE, docs.get(5).id()).title()).isEqualTo("회의록");

        ChunkView view = h.service.getChunk(ALICE, docx.id(), docx.id() + ":1");
        assertThat(view.text()).isEqualTo("연차\n\n연차는 15일입니다.");
        assertThat(view.section()).isEqualTo("Leave > 연차");
        assertThat(h.service.listDocuments(ALICE)).hasSize(7);
    }

    @Test
    void visibilityAndOwnershipAreEnforced() {
        harness(p -> { });
        String id = h.awaitFinished(h.upload(ALICE, "salaries.txt", TestDocuments.utf8("Salary bands for engineers."), "private").id()).id();
        String chunk = id + ":0";

        assertThat(h.service.listDocuments(BOB_HR)).isEmpty();
        assertError(() -> h.service.getDocument(BOB_HR, id), ErrorCode.NOT_FOUND, null);
        assertError(() -> h.service.getChunk(BOB_HR, id, chunk), ErrorCode.NOT_FOUND, null);
        assertError(() -> h.service.deleteDocument(BOB_HR, id), ErrorCode.NOT_FOUND, null);
        h.service.searchDocuments(BOB_HR, new SearchRequest("salary", null, null));
        assertThat(h.retrieval.last.allowed()).isEmpty();

        assertError(() -> h.service.updateVisibility(ALICE, id, "friends"), ErrorCode.INVALID_REQUEST, "visibility");
        assertError(() -> h.service.updateVisibility(ALICE, id, "role:"), ErrorCode.INVALID_REQUEST, "visibility");
        assertError(() -> h.service.updateVisibility(ALICE, id, "role:a b"), ErrorCode.INVALID_REQUEST, "visibility");
        assertThat(h.service.updateVisibility(ALICE, id, " Role:HR ").visibility()).isEqualTo("role:hr");

        assertThat(h.service.listDocuments(BOB_HR)).extracting(DocumentInfo::id).containsExactly(id);
        assertThat(h.service.getChunk(BOB_HR, id, chunk).text()).isEqualTo("Salary bands for engineers.");
        SearchResponse found = h.service.searchDocuments(BOB_HR, new SearchRequest("salary", null, null));
        assertThat(found.results()).extracting(r -> r.documentId()).containsExactly(id);
        // a reader who is not the owner may not change or delete it
        assertError(() -> h.service.deleteDocument(BOB_HR, id), ErrorCode.FORBIDDEN, null);
        assertError(() -> h.service.updateVisibility(BOB_HR, id, "everyone"), ErrorCode.FORBIDDEN, null);
        // carol has no hr role: she sees nothing at all
        assertError(() -> h.service.getDocument(CAROL, id), ErrorCode.NOT_FOUND, null);
        assertThat(h.service.searchDocuments(CAROL, new SearchRequest("salary", null, null)).results()).isEmpty();

        assertThat(h.service.updateVisibility(ALICE, id, "everyone").visibility()).isEqualTo("everyone");
        assertThat(h.service.getDocument(CAROL, id).title()).isEqualTo("salaries");
        assertError(() -> h.service.getChunk(CAROL, id, "other-doc:0"), ErrorCode.NOT_FOUND, null);
        assertError(() -> h.service.getChunk(CAROL, id, id + ":99"), ErrorCode.NOT_FOUND, null);

        // an admin sees and deletes anything
        assertThat(h.service.getDocument(ADMIN, id).ownerId()).isEqualTo("alice");
        h.service.deleteDocument(ADMIN, id);
        assertError(() -> h.service.getDocument(ALICE, id), ErrorCode.NOT_FOUND, null);
        assertThat(h.index.documentIds()).doesNotContain(id);
        assertThat(Files.exists(dataDir.resolve("documents/files/" + id))).isFalse();
    }

    @Test
    void searchOnlyUsesReadyDocumentsTheCallerMayRead() {
        harness(p -> { });
        String mine = h.awaitFinished(h.upload(ALICE, "a.txt", TestDocuments.utf8("alpha beta"), null).id()).id();
        String shared = h.awaitFinished(h.upload(BOB_HR, "b.txt", TestDocuments.utf8("alpha gamma"), "everyone").id()).id();
        String hr = h.awaitFinished(h.upload(BOB_HR, "c.txt", TestDocuments.utf8("alpha delta"), "role:hr").id()).id();
        String broken = h.awaitFinished(h.upload(ALICE, "d.pdf", TestDocuments.emptyPdf(), null).id()).id();
        assertThat(h.service.getDocument(ALICE, broken).status()).isEqualTo(DocumentStatus.FAILED);

        SearchResponse r = h.service.searchDocuments(ALICE, new SearchRequest("  alpha  ", null, null));
        assertThat(h.retrieval.last).isEqualTo(new RecordingRetrieval.Call("alpha", 5, "hybrid", null, Set.of(mine, shared)));
        assertThat(r.results()).extracting(x -> x.documentId()).containsExactlyInAnyOrder(mine, shared);
        h.service.searchDocuments(BOB_HR, new SearchRequest("alpha", 50, "BM25"));
        assertThat(h.retrieval.last).isEqualTo(new RecordingRetrieval.Call("alpha", 50, "bm25", null, Set.of(shared, hr)));
        // an admin's own answers use what is shared with them, not other users' private documents
        h.service.answerQuestion(ADMIN, new AnswerRequest("alpha?", 3, "tiny"));
        assertThat(h.retrieval.last).isEqualTo(new RecordingRetrieval.Call("alpha?", 3, null, "tiny", Set.of(shared)));
        assertThat(h.service.listDocuments(ADMIN)).extracting(DocumentInfo::id).doesNotContain(mine);
        assertThat(h.service.listAllDocuments(ADMIN)).extracting(DocumentInfo::id).contains(mine, shared, hr);
        assertError(() -> h.service.listAllDocuments(ALICE), ErrorCode.FORBIDDEN, null);

        assertError(() -> h.service.searchDocuments(ALICE, new SearchRequest(" ", null, null)), ErrorCode.INVALID_REQUEST, "query");
        assertError(() -> h.service.searchDocuments(ALICE, new SearchRequest(null, null, null)), ErrorCode.INVALID_REQUEST, "query");
        assertError(() -> h.service.searchDocuments(ALICE, new SearchRequest("x".repeat(2001), null, null)), ErrorCode.INVALID_REQUEST, "query");
        assertThat(h.service.searchDocuments(ALICE, new SearchRequest("x".repeat(2000), null, null))).isNotNull();
        assertError(() -> h.service.searchDocuments(ALICE, new SearchRequest("q", 0, null)), ErrorCode.INVALID_REQUEST, "top_k");
        assertError(() -> h.service.searchDocuments(ALICE, new SearchRequest("q", 51, null)), ErrorCode.INVALID_REQUEST, "top_k");
        assertError(() -> h.service.searchDocuments(ALICE, new SearchRequest("q", 5, "semantic")), ErrorCode.INVALID_REQUEST, "mode");
        assertError(() -> h.service.answerQuestion(ALICE, new AnswerRequest("", null, null)), ErrorCode.INVALID_REQUEST, "question");
        assertError(() -> h.service.answerQuestion(ALICE, new AnswerRequest("q", 100, null)), ErrorCode.INVALID_REQUEST, "top_k");
    }

    @Test
    void embeddingsOfTheConfiguredEmbedder() {
        harness(p -> { });
        EmbedResponse r = h.service.embedTexts(new EmbedRequest(List.of("hello world", "안녕하세요")));
        assertThat(r.model()).isEqualTo("builtin:all-minilm-l6-v2-q");
        assertThat(r.dimensions()).isEqualTo(384);
        assertThat(r.embeddings()).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(384));
        assertError(() -> h.service.embedTexts(new EmbedRequest(List.of())), ErrorCode.INVALID_REQUEST, "input");
        assertError(() -> h.service.embedTexts(new EmbedRequest(null)), ErrorCode.INVALID_REQUEST, "input");
        assertError(() -> h.service.embedTexts(new EmbedRequest(Collections.nCopies(257, "x"))), ErrorCode.INVALID_REQUEST, "input");
        assertError(() -> h.service.embedTexts(new EmbedRequest(List.of("ok", " "))), ErrorCode.INVALID_REQUEST, "input");
        assertError(() -> h.service.embedTexts(new EmbedRequest(List.of("y".repeat(8001)))), ErrorCode.INVALID_REQUEST, "input");
    }

    @Test
    void oversizeUploadsAreRefusedAndLeaveNothing() throws Exception {
        harness(p -> p.maxUploadSize = org.springframework.util.unit.DataSize.ofKilobytes(64));
        byte[] big = new byte[100 * 1024];
        assertError(() -> h.service.ingestDocument(ALICE, new DocumentUpload("big.txt", "text/plain", null, null, big.length,
                new ByteArrayInputStream(big))), ErrorCode.PAYLOAD_TOO_LARGE, "file");
        // size unknown up front: the limit applies while the bytes stream in
        assertError(() -> h.service.ingestDocument(ALICE, new DocumentUpload("big.txt", "text/plain", null, null, -1,
                new ByteArrayInputStream(big))), ErrorCode.PAYLOAD_TOO_LARGE, "file");
        assertError(() -> h.service.ingestDocument(ALICE, new DocumentUpload("x.txt", null, "secret", null, 1,
                new ByteArrayInputStream(new byte[1]))), ErrorCode.INVALID_REQUEST, "visibility");
        assertError(() -> h.service.ingestDocument(ALICE, null), ErrorCode.INVALID_REQUEST, "file");
        assertThat(h.service.listDocuments(ADMIN)).isEmpty();
        try (var files = Files.list(dataDir.resolve("documents/files")); var tmp = Files.list(dataDir.resolve("documents/tmp"))) {
            assertThat(files).isEmpty();
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void titlesAndContentTypesFromTheUploader() {
        harness(p -> { });
        DocumentInfo d = h.service.ingestDocument(ALICE, new DocumentUpload("C:\\Users\\me\\q3.txt", "Text/Plain; charset=UTF-8",
                "everyone", " Q3 notes\u0000 ", 5, new ByteArrayInputStream(TestDocuments.utf8("notes"))));
        assertThat(d.source()).isEqualTo("q3.txt");
        assertThat(d.title()).isEqualTo("Q3 notes");
        assertThat(d.contentType()).isEqualTo("text/plain");
        DocumentInfo done = h.awaitFinished(d.id());
        assertThat(done.title()).isEqualTo("Q3 notes");
        assertThat(h.index.chunks(d.id()).getFirst().title()).isEqualTo("Q3 notes");
        assertError(() -> h.service.ingestDocument(ALICE, new DocumentUpload("a.txt", null, null, "t".repeat(301), 1,
                new ByteArrayInputStream(new byte[] {'a'}))), ErrorCode.INVALID_REQUEST, "title");
    }

    @Test
    void urlsAreFetchedInTheBackgroundWhenAllowed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/policy", ex -> {
            byte[] b = "<html><head><title>Remote policy</title></head><body><h1>Rules</h1><p>Be kind.</p></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/policy#frag";
            harness(p -> p.allowPrivateUrls = true);
            DocumentInfo d = h.service.ingestUrl(ALICE, new UrlIngestRequest(url, "everyone", null));
            assertThat(d.source()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort() + "/policy");
            DocumentInfo done = h.awaitFinished(d.id());
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(DocumentStatus.READY);
            assertThat(done.title()).isEqualTo("Remote policy");
            assertThat(done.contentType()).isEqualTo("text/html");
            assertThat(done.sizeBytes()).isPositive();
            assertThat(h.index.chunks(d.id()).getFirst().source()).isEqualTo(d.source());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void privateUrlsAreRefusedUpFront() {
        harness(p -> { });
        assertError(() -> h.service.ingestUrl(ALICE, new UrlIngestRequest("http://127.0.0.1:9/x", null, null)), ErrorCode.INVALID_REQUEST, "url");
        assertError(() -> h.service.ingestUrl(ALICE, new UrlIngestRequest("http://169.254.169.254/", null, null)), ErrorCode.INVALID_REQUEST, "url");
        assertError(() -> h.service.ingestUrl(ALICE, new UrlIngestRequest("file:///etc/passwd", null, null)), ErrorCode.INVALID_REQUEST, "url");
        assertError(() -> h.service.ingestUrl(ALICE, new UrlIngestRequest(" ", null, null)), ErrorCode.INVALID_REQUEST, "url");
        assertThat(h.service.listDocuments(ADMIN)).isEmpty();
    }
}
