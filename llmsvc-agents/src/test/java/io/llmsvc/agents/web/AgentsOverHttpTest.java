package io.llmsvc.agents.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.agents.AnswerEvent;
import io.llmsvc.api.agents.AnswerRequest;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.ChunkView;
import io.llmsvc.api.agents.Citation;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.EmbedRequest;
import io.llmsvc.api.agents.EmbedResponse;
import io.llmsvc.api.agents.IntentAnalysis;
import io.llmsvc.api.agents.IntentInfo;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.api.agents.SearchHit;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.api.agents.SearchResponse;
import io.llmsvc.api.agents.UrlIngestRequest;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.peers.DocumentsHttpClient;
import io.llmsvc.runtime.peers.RouterHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The agents' contracts across processes: the HTTP clients a gateway uses against the router's and the document
 * agent's internal endpoints, on real HTTP. The agents behind the endpoints are stand-ins that record what reached
 * them, so this tests the transport alone: every call and its answer survive the trip, the caller arrives, an
 * upload is streamed (its bytes arrive intact, without the client holding them), errors come back with the same
 * {@link ErrorCode}, an oversized upload is refused, and nothing works without the cluster credential.
 */
@SpringBootTest(classes = AgentsOverHttpTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"llmsvc.target=router,documents", "llmsvc.cluster-token=" + AgentsOverHttpTest.TOKEN,
                "llmsvc.peers.controller=http://127.0.0.1:9", "llmsvc.documents.max-upload-size=8MB",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
class AgentsOverHttpTest {
    static final String TOKEN = "agents-transport-token-0123456789";
    static final Caller ALICE = new Caller("alice-id/é", Set.of("user", "hr"));

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("llmsvc.data-dir", () -> dataDir.toString());
    }

    @SpringBootApplication(scanBasePackages = {"io.llmsvc.agents.router.web", "io.llmsvc.agents.documents.web", "io.llmsvc.runtime"})
    static class App {
        @Bean
        StandInRouter router() { return new StandInRouter(); }

        @Bean
        StandInDocuments documents() { return new StandInDocuments(); }
    }

    @LocalServerPort
    int port;

    @Autowired
    StandInDocuments documentsAgent;

    DocumentsHttpClient documents(String token) {
        return new DocumentsHttpClient(new InternalHttp("http://127.0.0.1:" + port, new ClusterCredential(Secret.of(token)), Duration.ofSeconds(30)));
    }

    RouterHttpClient router() {
        return new RouterHttpClient(new InternalHttp("http://127.0.0.1:" + port, new ClusterCredential(Secret.of(TOKEN)), Duration.ofSeconds(30)));
    }

    @Test
    void routerCallsRoundTrip() {
        RouterHttpClient r = router();
        IntentAnalysis a = r.analyzeIntent("휴가 규정 문서 찾아줘");
        assertThat(a.intent()).isEqualTo("document_search");
        assertThat(a.scores()).containsEntry("general", 0.1);
        assertThat(a.method()).isEqualTo("classifier");
        RouteDecision d = r.routeMessage("휴가 규정 문서 찾아줘");
        assertThat(d.target()).isEqualTo("documents");
        assertThat(d.confidence()).isEqualTo(0.9);
        assertThat(r.listIntents()).extracting(IntentInfo::name).containsExactly("document_search", "general");
        assertThatThrownBy(() -> r.analyzeIntent(""))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("message");
                });
    }

    @Test
    void documentCallsRoundTripWithTheCaller() {
        DocumentsHttpClient d = documents(TOKEN);
        DocumentInfo info = d.ingestUrl(ALICE, new UrlIngestRequest("https://example.org/a.html", "role:hr", "A"));
        assertThat(info.status()).isEqualTo(DocumentStatus.QUEUED);
        assertThat(info.visibility()).isEqualTo("role:hr");
        assertThat(info.createdAt()).isEqualTo(StandInDocuments.T0);
        assertThat(documentsAgent.lastCaller.get()).isEqualTo(ALICE);

        assertThat(d.listDocuments(ALICE)).extracting(DocumentInfo::id).containsExactly("doc-1");
        // the admin view travels as its own call
        assertThat(d.listAllDocuments(ALICE)).extracting(DocumentInfo::id).containsExactly("doc-1", "doc-2");
        assertThat(d.getDocument(ALICE, "doc-1").status()).isEqualTo(DocumentStatus.READY);
        assertThat(d.updateVisibility(ALICE, "doc-1", "everyone").visibility()).isEqualTo("everyone");
        ChunkView chunk = d.getChunk(ALICE, "doc-1", "doc-1:0 #a");
        assertThat(chunk.chunkId()).isEqualTo("doc-1:0 #a");
        assertThat(chunk.text()).isEqualTo("연차 휴가는 15일입니다.");
        SearchResponse s = d.searchDocuments(ALICE, new SearchRequest("휴가", 3, "bm25"));
        assertThat(s.mode()).isEqualTo("bm25");
        assertThat(s.results()).singleElement().satisfies(h -> {
            assertThat(h.page()).isEqualTo(2);
            assertThat(h.score()).isEqualTo(0.5);
        });
        AnswerResponse a = d.answerQuestion(ALICE, new AnswerRequest("휴가는 며칠?", 5, null));
        assertThat(a.method()).isEqualTo("extractive");
        assertThat(a.citations()).singleElement().satisfies(c -> assertThat(c.number()).isEqualTo(1));
        EmbedResponse e = d.embedTexts(new EmbedRequest(List.of("a", "b")));
        assertThat(e.embeddings()).hasSize(2);
        assertThat(e.embeddings().get(1)).containsExactly(0.25f, -1f);
        d.deleteDocument(ALICE, "doc-1");
        assertThat(documentsAgent.lastCaller.get()).isEqualTo(ALICE);
    }

    @Test
    void aStreamedAnswerArrivesEventByEvent() {
        DocumentsHttpClient d = documents(TOKEN);
        List<AnswerEvent> events = new java.util.ArrayList<>();
        try (AnswerStream s = d.streamAnswer(ALICE, new AnswerRequest("휴가는 며칠?", 5, null))) {
            while (s.hasNext()) events.add(s.next());
        }
        assertThat(events).hasSize(5);
        assertThat(events.getFirst()).isInstanceOfSatisfying(AnswerEvent.Start.class, st -> {
            assertThat(st.method()).isEqualTo("llm");
            assertThat(st.citations()).singleElement().satisfies(c -> assertThat(c.chunkId()).isEqualTo("doc-1:0"));
        });
        assertThat(events.subList(1, 4)).extracting(e -> ((AnswerEvent.Delta) e).text()).containsExactly("연차 ", "휴가는 ", "15일 [1]");
        assertThat(events.getLast()).isInstanceOfSatisfying(AnswerEvent.Done.class, done -> {
            assertThat(done.answer().answer()).isEqualTo("연차 휴가는 15일 [1]");
            assertThat(done.answer().usage().totalTokens()).isEqualTo(12);
        });
        assertThat(documentsAgent.lastCaller.get()).isEqualTo(ALICE);
        // refused before it began: an error of its own, as for the unstreamed answer
        assertThatThrownBy(() -> d.streamAnswer(ALICE, new AnswerRequest("", 5, null)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        // failed once begun: the last event says how
        List<AnswerEvent> failed = new java.util.ArrayList<>();
        try (AnswerStream s = d.streamAnswer(ALICE, new AnswerRequest("fail", 5, null))) {
            while (s.hasNext()) failed.add(s.next());
        }
        assertThat(failed.getLast()).isEqualTo(new AnswerEvent.Failed("timeout", "the model took too long"));
    }

    @Test
    void closingAStreamedAnswerCancelsItsGeneration() throws Exception {
        DocumentsHttpClient d = documents(TOKEN);
        AnswerStream s = d.streamAnswer(ALICE, new AnswerRequest("endless", 5, null));
        assertThat(s.next()).isInstanceOf(AnswerEvent.Start.class);
        assertThat(s.next()).isInstanceOf(AnswerEvent.Delta.class);
        s.close();
        assertThat(documentsAgent.cancelled.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void errorsComeBackWithTheirCode() {
        DocumentsHttpClient d = documents(TOKEN);
        assertThatThrownBy(() -> d.getDocument(ALICE, "missing"))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("no document 'missing'");
                });
        assertThatThrownBy(() -> d.updateVisibility(ALICE, "doc-1", "friends"))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("visibility");
                });
        assertThatThrownBy(() -> d.deleteDocument(ALICE, "not-mine"))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void uploadsAreStreamedIntact() throws Exception {
        long size = 6L * 1024 * 1024;
        DocumentInfo info = documents(TOKEN).ingestDocument(ALICE,
                new DocumentUpload("../../etc/보고서 #1.pdf", "application/pdf", "private", "제목", size, new Generated(size)));
        assertThat(info.sizeBytes()).isEqualTo(size);
        StandInDocuments.Received got = documentsAgent.lastUpload.get();
        assertThat(got.upload().fileName()).isEqualTo("../../etc/보고서 #1.pdf");
        assertThat(got.upload().contentType()).isEqualTo("application/pdf");
        assertThat(got.upload().title()).isEqualTo("제목");
        assertThat(got.upload().size()).isEqualTo(size);
        assertThat(got.bytes()).isEqualTo(size);
        assertThat(got.sha256()).isEqualTo(sha256(new Generated(size)));

        // unknown size: sent chunked, still intact
        long odd = 1_234_567;
        documents(TOKEN).ingestDocument(ALICE, new DocumentUpload("a.txt", "text/plain", null, null, -1, new Generated(odd)));
        assertThat(documentsAgent.lastUpload.get().bytes()).isEqualTo(odd);
        assertThat(documentsAgent.lastUpload.get().upload().size()).isEqualTo(-1);
        assertThat(documentsAgent.lastUpload.get().sha256()).isEqualTo(sha256(new Generated(odd)));
    }

    @Test
    void anUploadOverTheLimitIsRefused() {
        long size = 9L * 1024 * 1024; // llmsvc.documents.max-upload-size=8MB in this test
        documentsAgent.lastUpload.set(null);
        assertThatThrownBy(() -> documents(TOKEN).ingestDocument(ALICE,
                new DocumentUpload("big.bin", "application/pdf", null, null, size, new Generated(size))))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThat(documentsAgent.lastUpload.get()).isNull();
        // chunked: refused while reading, the agent sees the failure instead of a truncated file
        assertThatThrownBy(() -> documents(TOKEN).ingestDocument(ALICE,
                new DocumentUpload("big.bin", "application/pdf", null, null, -1, new Generated(size))))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThat(documentsAgent.lastUpload.get()).isNull();
    }

    @Test
    void nothingWorksWithoutTheClusterCredential() {
        assertThatThrownBy(() -> documents("wrong-token-0123456789").listDocuments(ALICE))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} bytes of a fixed pseudo-random sequence, made while read (never held). */
    static final class Generated extends InputStream {
        private final long size;
        private long pos;
        private int x = 12345;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (pos >= size) return -1;
            pos++;
            x = x * 1103515245 + 12345;
            return (x >>> 16) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) b[off + i] = (byte) read();
            return n;
        }
    }

    /** Answers with fixed values and says which message it got; an empty message is refused as the real one would. */
    static final class StandInRouter implements RouterApi {
        @Override
        public IntentAnalysis analyzeIntent(String message) {
            if (message == null || message.isBlank()) throw LlmsvcException.invalid("message", "message must not be empty");
            return new IntentAnalysis("document_search", 0.9, Map.of("document_search", 0.9, "general", 0.1), "classifier");
        }

        @Override
        public RouteDecision routeMessage(String message) {
            IntentAnalysis a = analyzeIntent(message);
            return new RouteDecision(a.intent(), a.confidence(), a.scores(), a.method(), "documents");
        }

        @Override
        public List<IntentInfo> listIntents() {
            return List.of(new IntentInfo("document_search", "questions about documents", "documents", 40),
                    new IntentInfo("general", "anything else", "general", 40));
        }
    }

    /** Records the caller and what an upload carried (byte count and digest, read as a stream). */
    static final class StandInDocuments implements DocumentsApi {
        static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
        record Received(DocumentUpload upload, long bytes, String sha256) {}

        final AtomicReference<Caller> lastCaller = new AtomicReference<>();
        final AtomicReference<Received> lastUpload = new AtomicReference<>();

        private DocumentInfo info(String id, String visibility, DocumentStatus status, long size) {
            return new DocumentInfo(id, "alice-id/é", "A", "a.html", "text/html", size, visibility, status, null, 1, 3, T0, T0);
        }

        @Override
        public DocumentInfo ingestDocument(Caller caller, DocumentUpload upload) {
            lastCaller.set(caller);
            long n = 0;
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = upload.content().read(buf)) > 0) {
                    md.update(buf, 0, r);
                    n += r;
                }
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                throw new LlmsvcException(ErrorCode.INVALID_REQUEST, "upload broke off");
            }
            lastUpload.set(new Received(upload, n, HexFormat.of().formatHex(md.digest())));
            return info("doc-2", "private", DocumentStatus.QUEUED, n);
        }

        @Override
        public DocumentInfo ingestUrl(Caller caller, UrlIngestRequest request) {
            lastCaller.set(caller);
            return info("doc-1", request.visibility(), DocumentStatus.QUEUED, 0);
        }

        @Override
        public List<DocumentInfo> listDocuments(Caller caller) {
            lastCaller.set(caller);
            return List.of(info("doc-1", "private", DocumentStatus.READY, 10));
        }

        @Override
        public List<DocumentInfo> listAllDocuments(Caller caller) {
            lastCaller.set(caller);
            return List.of(info("doc-1", "private", DocumentStatus.READY, 10), info("doc-2", "private", DocumentStatus.READY, 10));
        }

        @Override
        public DocumentInfo getDocument(Caller caller, String documentId) {
            lastCaller.set(caller);
            if (!documentId.equals("doc-1")) throw new LlmsvcException(ErrorCode.NOT_FOUND, "no document '" + documentId + "'");
            return info("doc-1", "private", DocumentStatus.READY, 10);
        }

        @Override
        public void deleteDocument(Caller caller, String documentId) {
            lastCaller.set(caller);
            if (documentId.equals("not-mine")) throw new LlmsvcException(ErrorCode.FORBIDDEN, "only the owner may delete");
        }

        @Override
        public DocumentInfo updateVisibility(Caller caller, String documentId, String visibility) {
            if (!Set.of("private", "everyone").contains(visibility) && !visibility.startsWith("role:")) {
                throw LlmsvcException.invalid("visibility", "visibility must be private, everyone or role:<name>");
            }
            return info(documentId, visibility, DocumentStatus.READY, 10);
        }

        @Override
        public ChunkView getChunk(Caller caller, String documentId, String chunkId) {
            return new ChunkView(documentId, chunkId, "A", "a.html", 2, "휴가", "연차 휴가는 15일입니다.", 0, 14);
        }

        @Override
        public SearchResponse searchDocuments(Caller caller, SearchRequest request) {
            return new SearchResponse(List.of(new SearchHit("doc-1", "doc-1:0", "A", "a.html", 2, "휴가", "연차 휴가는 15일입니다.", 0.5, 0, 14)),
                    request.mode());
        }

        @Override
        public AnswerResponse answerQuestion(Caller caller, AnswerRequest request) {
            return new AnswerResponse("연차 휴가는 15일입니다. [1]",
                    List.of(new Citation(1, "doc-1", "doc-1:0", "A", "a.html", 2, "연차 휴가는 15일입니다.")), "extractive", null, true);
        }

        final java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);

        @Override
        public AnswerStream streamAnswer(Caller caller, AnswerRequest request) {
            lastCaller.set(caller);
            if (request.question().isEmpty()) throw LlmsvcException.invalid("question", "question must not be blank");
            var cite = new Citation(1, "doc-1", "doc-1:0", "A", "a.html", 2, "연차 휴가는 15일입니다.");
            if (request.question().equals("fail")) {
                return AnswerStream.of(List.of(new AnswerEvent.Start("llm", "tiny", List.of(cite)), new AnswerEvent.Delta("연차"),
                        new AnswerEvent.Failed("timeout", "the model took too long")));
            }
            if (request.question().equals("endless")) {
                return new AnswerStream() {
                    boolean started;

                    @Override
                    public boolean hasNext() { return cancelled.getCount() > 0; }

                    @Override
                    public AnswerEvent next() {
                        if (!started) {
                            started = true;
                            return new AnswerEvent.Start("llm", "tiny", List.of(cite));
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new AnswerEvent.Delta("and on ");
                    }

                    @Override
                    public void cancel() { cancelled.countDown(); }
                };
            }
            return AnswerStream.of(List.of(new AnswerEvent.Start("llm", "tiny", List.of(cite)),
                    new AnswerEvent.Delta("연차 "), new AnswerEvent.Delta("휴가는 "), new AnswerEvent.Delta("15일 [1]"),
                    new AnswerEvent.Done(new AnswerResponse("연차 휴가는 15일 [1]", List.of(cite), "llm", "tiny", true, null,
                            new io.llmsvc.api.worker.Usage(10, 2)))));
        }

        @Override
        public EmbedResponse embedTexts(EmbedRequest request) {
            return new EmbedResponse("test", 2, request.input().stream().map(s -> new float[] {0.25f, -1f}).toList());
        }
    }
}
