package io.llmsvc.agents.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentInfo;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.testkit.db.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The robustness list in one batch: corrupt, encrypted and empty PDFs, a DOCX zip bomb, executables and
 * images in disguise, a wrong content type, a {@code ../} file name and a 1 GB upload, ingested alongside good
 * documents. Each bad one fails with its own clear reason, every good one becomes ready, nothing is lost.
 */
class RobustnessTest {
    static final Caller ALICE = new Caller("alice", Set.of("user"));

    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;

    @Test
    void badDocumentsFailAloneWithAReasonAndGoodOnesAreReady() throws Exception {
        try (TestDatabase.Instance db = TestDatabase.H2.create();
             DocumentsHarness h = new DocumentsHarness(new DriverManagerDataSource(db.url(), db.username(), db.password()),
                     dataDir, TestProps.defaults().set(p -> p.ingestThreads = 2).build(), DocumentsHarness.builtinEmbedder(),
                     new MemoryChunkIndex())) {
            Path bomb = scratch.resolve("bomb.docx");
            TestDocuments.zipBombDocx(bomb, 1024); // 1 GB of text in ~1 MB

            Map<String, String> expectedFailures = new LinkedHashMap<>();
            Map<String, DocumentInfo> uploads = new LinkedHashMap<>();
            uploads.put("good-1", h.upload(ALICE, "good.pdf", TestDocuments.pdf(List.of("A good report about ferries.")), null));
            uploads.put("corrupt", h.upload(ALICE, "corrupt.pdf", TestDocuments.corruptPdf(), null));
            expectedFailures.put("corrupt", "could not parse PDF: ");
            uploads.put("encrypted", h.upload(ALICE, "locked.pdf", TestDocuments.encryptedPdf(), null));
            expectedFailures.put("encrypted", "encrypted PDF");
            uploads.put("empty", h.upload(ALICE, "scan.pdf", TestDocuments.emptyPdf(), null));
            expectedFailures.put("empty", "no text found (scanned PDF? OCR is not supported)");
            uploads.put("bomb", h.upload(ALICE, "bomb.docx", Files.readAllBytes(bomb), null));
            expectedFailures.put("bomb", "rejected DOCX: it looks like a zip bomb");
            uploads.put("good-2", h.upload(ALICE, "좋은 문서.docx", TestDocuments.docx(List.of(TestDocuments.Para.p("정상적인 문서입니다.")), null), null));
            uploads.put("executable", h.upload(ALICE, "invoice.pdf", TestDocuments.elfExecutable(), null));
            expectedFailures.put("executable", "unsupported file type application/x-");
            uploads.put("image", h.upload(ALICE, "contract.pdf", TestDocuments.png(), null));
            expectedFailures.put("image", "unsupported file type image/png");
            uploads.put("zero", h.upload(ALICE, "zero.txt", new byte[0], null));
            expectedFailures.put("zero", "the file is empty");
            // the client claims plain text; the bytes are a PDF, which is what counts
            uploads.put("wrong-type", h.service.ingestDocument(ALICE, new DocumentUpload("report.txt", "text/plain", null, null, -1,
                    new java.io.ByteArrayInputStream(TestDocuments.pdf(List.of("Mislabelled but fine."))))));
            uploads.put("traversal", h.upload(ALICE, "../../etc/passwd", TestDocuments.utf8("root:x:0:0 is just text here"), null));

            // 1 GB uploads are refused: at once when the size is announced, while streaming when it is not
            assertThatThrownBy(() -> h.service.ingestDocument(ALICE, new DocumentUpload("huge.pdf", "application/pdf", null, null,
                    1L << 30, endless())))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
            assertThatThrownBy(() -> h.service.ingestDocument(ALICE, new DocumentUpload("huge.pdf", "application/pdf", null, null,
                    -1, endless())))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));

            for (var e : uploads.entrySet()) {
                DocumentInfo done = h.awaitFinished(e.getValue().id());
                String expected = expectedFailures.get(e.getKey());
                if (expected == null) {
                    assertThat(done.status()).as(e.getKey() + ": " + done.error()).isEqualTo(DocumentStatus.READY);
                    assertThat(h.index.chunks(done.id())).isNotEmpty();
                } else {
                    assertThat(done.status()).as(e.getKey()).isEqualTo(DocumentStatus.FAILED);
                    assertThat(done.error()).as(e.getKey()).startsWith(expected);
                    assertThat(h.index.chunks(done.id())).isEmpty();
                }
                // nothing lost: the original stays until its owner deletes the document
                assertThat(Files.exists(dataDir.resolve("documents/files/" + done.id()))).as(e.getKey()).isTrue();
            }
            assertThat(h.service.getDocument(ALICE, uploads.get("wrong-type").id()).contentType()).isEqualTo("application/pdf");
            DocumentInfo traversal = h.service.getDocument(ALICE, uploads.get("traversal").id());
            assertThat(traversal.source()).isEqualTo("passwd");
            assertThat(Files.exists(dataDir.resolve("etc"))).isFalse();
            assertThat(Files.exists(dataDir.getParent().resolve("etc/passwd"))).isFalse();
            assertThat(h.service.listDocuments(ALICE)).hasSize(uploads.size());
            assertThat(h.service.searchDocuments(ALICE, new io.llmsvc.api.agents.SearchRequest("ferries", null, null)).results())
                    .extracting(r -> r.documentId()).containsExactly(uploads.get("good-1").id());
        }
    }

    /** An endless stream of bytes: the limit, not the client, must stop it. */
    private static InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
    }
}
