package io.llmsvc.agents.documents.parse;

import static io.llmsvc.agents.documents.TestDocuments.Para.h;
import static io.llmsvc.agents.documents.TestDocuments.Para.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.agents.documents.DocumentsProperties;
import io.llmsvc.agents.documents.TestDocuments;
import io.llmsvc.agents.documents.TestProps;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentParserTest {
    private static final DocumentParser PARSER = new DocumentParser(DocumentsProperties.defaults());

    @TempDir
    Path dir;

    private ParsedDocument parse(String name, byte[] bytes) throws RejectedDocumentException {
        ParsedDocument doc = PARSER.parse(TestDocuments.write(dir, "f-" + System.nanoTime(), bytes), name);
        assertExactOffsets(doc);
        return doc;
    }

    /** Every block is exactly its range of the text, and blocks are separated by one blank line. */
    static void assertExactOffsets(ParsedDocument doc) {
        int prevEnd = -2;
        for (ParsedDocument.Block b : doc.blocks()) {
            String t = doc.text().substring(b.start(), b.end());
            assertThat(t).isNotBlank().isEqualTo(t.strip()).doesNotContain("\n\n");
            if (prevEnd >= 0) assertThat(doc.text().substring(prevEnd, b.start())).isEqualTo("\n\n");
            prevEnd = b.end();
        }
        if (!doc.blocks().isEmpty()) assertThat(prevEnd).isEqualTo(doc.text().length());
    }

    private static String blockText(ParsedDocument doc, ParsedDocument.Block b) {
        return doc.text().substring(b.start(), b.end());
    }

    private static ParsedDocument.Block blockContaining(ParsedDocument doc, String s) {
        return doc.blocks().stream().filter(b -> blockText(doc, b).contains(s)).findFirst()
                .orElseThrow(() -> new AssertionError("no block contains '" + s + "' in:\n" + doc.text()));
    }

    @Test
    void pdfPagesAndParagraphs() throws Exception {
        byte[] pdf = TestDocuments.pdf(List.of(
                "Page one opens here.\nIt wraps onto a second line.\n\nA second paragraph on page one.",
                "Page two has its own text.",
                "Page three ends the report."));
        ParsedDocument doc = parse("report.pdf", pdf);
        assertThat(doc.contentType()).isEqualTo("application/pdf");
        assertThat(doc.pages()).isEqualTo(3);
        ParsedDocument.Block first = blockContaining(doc, "Page one opens here.");
        assertThat(first.page()).isEqualTo(1);
        // a line wrap inside a paragraph is a space, not a break
        assertThat(blockText(doc, first)).contains("here. It wraps");
        assertThat(blockContaining(doc, "A second paragraph").page()).isEqualTo(1);
        assertThat(blockContaining(doc, "Page two").page()).isEqualTo(2);
        assertThat(blockContaining(doc, "Page three").page()).isEqualTo(3);
    }

    @Test
    void koreanPdfWithATrueTypeFont() throws Exception {
        byte[] pdf = TestDocuments.koreanPdf(List.of("연차 휴가는 입사일 기준으로 부여됩니다.", "두 번째 페이지: 재택 근무 규정입니다."));
        ParsedDocument doc = parse("규정.pdf", pdf);
        assertThat(doc.pages()).isEqualTo(2);
        assertThat(blockContaining(doc, "연차 휴가는 입사일 기준으로 부여됩니다.").page()).isEqualTo(1);
        assertThat(blockContaining(doc, "재택 근무 규정입니다").page()).isEqualTo(2);
    }

    @Test
    void docxHeadingsBecomeSections() throws Exception {
        byte[] docx = TestDocuments.docx(List.of(
                h(1, "Employee Handbook"),
                p("Welcome to the company."),
                h(2, "Leave"),
                p("Annual leave is 15 days."),
                h(3, "연차 휴가"),
                p("연차는 1년에 15일입니다."),
                h(2, "Remote work"),
                p("Two days a week.")), "Handbook 2025");
        ParsedDocument doc = parse("handbook.docx", docx);
        assertThat(doc.contentType()).isEqualTo(DocumentParser.DOCX);
        assertThat(doc.title()).isEqualTo("Handbook 2025");
        assertThat(doc.pages()).isEqualTo(1);
        ParsedDocument.Block leave = blockContaining(doc, "Leave");
        assertThat(leave.level()).isEqualTo(2);
        assertThat(blockContaining(doc, "Annual leave").section()).isEqualTo("Employee Handbook > Leave");
        assertThat(blockContaining(doc, "연차는").section()).isEqualTo("Employee Handbook > Leave > 연차 휴가");
        // a heading of the same level closes the previous section and its subsections
        assertThat(blockContaining(doc, "Two days").section()).isEqualTo("Employee Handbook > Remote work");
        assertThat(blockContaining(doc, "Welcome").page()).isNull();
    }

    @Test
    void docxTitleFallsBackToTheFirstHeading() throws Exception {
        ParsedDocument doc = parse("x.docx", TestDocuments.docx(List.of(h(1, "Onboarding"), p("Day one.")), null));
        assertThat(doc.title()).isEqualTo("Onboarding");
    }

    @Test
    void pptxSlidesArePages() throws Exception {
        byte[] pptx = TestDocuments.pptx(List.of(
                new String[] {"Quarterly review", "Revenue grew 12 percent."},
                new String[] {"분기 실적", "매출이 12% 증가했습니다."},
                new String[] {"Next steps", "Hire two engineers."}));
        ParsedDocument doc = parse("deck.pptx", pptx);
        assertThat(doc.contentType()).isEqualTo(DocumentParser.PPTX);
        assertThat(doc.pages()).isEqualTo(3);
        assertThat(blockContaining(doc, "Revenue grew").page()).isEqualTo(1);
        assertThat(blockContaining(doc, "매출이 12% 증가했습니다.").page()).isEqualTo(2);
        assertThat(blockContaining(doc, "Hire two").page()).isEqualTo(3);
    }

    @Test
    void htmlStructureWithoutScriptsOrStyles() throws Exception {
        String html = """
                <!doctype html><html><head><title>Travel policy</title><style>p{color:red}</style>
                <script>var secret = "do not index";</script></head><body>
                <h1>Travel</h1><p>Book trains when the trip is under <b>four hours</b>.</p>
                <h2>출장비</h2><p>숙박비는 1박 15만 원까지입니다.</p>
                <ul><li>First item</li><li>Second item</li></ul>
                <table><tr><th>City</th><th>Limit</th></tr><tr><td>Seoul</td><td>150000</td></tr></table>
                <div>Loose text<br>after a break</div>
                </body></html>""";
        ParsedDocument doc = parse("travel.html", TestDocuments.utf8(html));
        assertThat(doc.contentType()).isEqualTo("text/html");
        assertThat(doc.title()).isEqualTo("Travel policy");
        assertThat(doc.text()).doesNotContain("do not index").doesNotContain("color:red");
        assertThat(blockContaining(doc, "Book trains").section()).isEqualTo("Travel");
        assertThat(blockText(doc, blockContaining(doc, "Book trains"))).isEqualTo("Book trains when the trip is under four hours.");
        assertThat(blockContaining(doc, "숙박비").section()).isEqualTo("Travel > 출장비");
        assertThat(blockText(doc, blockContaining(doc, "First item"))).isEqualTo("First item");
        assertThat(blockText(doc, blockContaining(doc, "Seoul"))).isEqualTo("Seoul | 150000");
        // Tika turns <br> into a newline character, which folds like any whitespace inside a block
        assertThat(blockText(doc, blockContaining(doc, "Loose text"))).isEqualTo("Loose text after a break");
    }

    @Test
    void markdownHeadingsFencesAndLists() throws Exception {
        String md = """
                # 보안 정책

                모든 직원은 비밀번호를 90일마다 변경해야 합니다.

                Setext heading
                --------------

                Paragraph under setext.

                ```bash
                # not a heading
                echo hi
                ```

                - item one
                - item two

                ## Passwords ##
                Use a manager.
                """;
        ParsedDocument doc = parse("security.md", TestDocuments.utf8(md));
        assertThat(doc.contentType()).isEqualTo("text/markdown");
        assertThat(doc.title()).isEqualTo("보안 정책");
        assertThat(blockContaining(doc, "비밀번호를").section()).isEqualTo("보안 정책");
        assertThat(blockContaining(doc, "Paragraph under setext").section()).isEqualTo("보안 정책 > Setext heading");
        ParsedDocument.Block code = blockContaining(doc, "# not a heading");
        assertThat(code.heading()).isFalse();
        assertThat(blockText(doc, code)).isEqualTo("```bash\n# not a heading\necho hi\n```");
        assertThat(blockText(doc, blockContaining(doc, "item one"))).isEqualTo("- item one");
        assertThat(blockContaining(doc, "Use a manager").section()).isEqualTo("보안 정책 > Passwords");
        assertThat(doc.blocks().stream().filter(ParsedDocument.Block::heading).map(b -> blockText(doc, b)))
                .containsExactly("보안 정책", "Setext heading", "Passwords");
    }

    @Test
    void plainTextKeepsLinesAndSplitsOnBlankLines() throws Exception {
        ParsedDocument doc = parse("notes.txt", TestDocuments.utf8("line one\r\nline two\r\n\r\n\r\nsecond block\n"));
        assertThat(doc.contentType()).isEqualTo("text/plain");
        assertThat(doc.blocks()).hasSize(2);
        assertThat(doc.text()).isEqualTo("line one\nline two\n\nsecond block");
    }

    @Test
    void legacyKoreanEncodingIsDetected() throws Exception {
        String korean = "회사의 연차 휴가 규정은 다음과 같습니다. 입사 후 1년이 지나면 15일의 연차가 부여됩니다. "
                + "연차는 다음 해로 이월할 수 없으며, 사용하지 않은 연차는 수당으로 지급됩니다.\n";
        ParsedDocument doc = parse("old.txt", korean.repeat(3).getBytes(Charset.forName("EUC-KR")));
        assertThat(doc.text()).contains("연차 휴가 규정은 다음과 같습니다.");
    }

    @Test
    void theBytesDecideTheTypeNotTheName() throws Exception {
        ParsedDocument doc = parse("looks-like-text.txt", TestDocuments.pdf(List.of("Really a PDF.")));
        assertThat(doc.contentType()).isEqualTo("application/pdf");
        assertThat(doc.text()).isEqualTo("Really a PDF.");
    }

    @Test
    void executablesAndImagesNamedPdfAreRejected() {
        assertThatThrownBy(() -> parse("invoice.pdf", TestDocuments.elfExecutable()))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessageStartingWith("unsupported file type application/x-")
                .hasMessageContaining("supported: PDF, DOCX, PPTX, HTML, Markdown, plain text");
        assertThatThrownBy(() -> parse("scan.pdf", TestDocuments.png()))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessageStartingWith("unsupported file type image/png");
    }

    @Test
    void brokenPdfsFailWithTheirReason() {
        assertThatThrownBy(() -> parse("locked.pdf", TestDocuments.encryptedPdf()))
                .isInstanceOf(RejectedDocumentException.class).hasMessageStartingWith("encrypted PDF");
        assertThatThrownBy(() -> parse("broken.pdf", TestDocuments.corruptPdf()))
                .isInstanceOf(RejectedDocumentException.class).hasMessageStartingWith("could not parse PDF: ");
        assertThatThrownBy(() -> parse("scan.pdf", TestDocuments.emptyPdf()))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessage("no text found (scanned PDF? OCR is not supported)");
        assertThatThrownBy(() -> parse("zero.pdf", new byte[0]))
                .isInstanceOf(RejectedDocumentException.class).hasMessage("the file is empty");
    }

    @Test
    void docxZipBombIsRejectedBeforeItExpands() {
        Path bomb = dir.resolve("bomb.docx");
        TestDocuments.zipBombDocx(bomb, 1024);
        assertThat(bomb.toFile().length()).isLessThan(8L << 20);
        assertThatThrownBy(() -> PARSER.parse(bomb, "bomb.docx"))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessageContaining("zip bomb");
    }

    @Test
    void textBeyondTheCharacterLimitFails() {
        DocumentParser small = new DocumentParser(withLimits(20_000, 2000));
        byte[] docx = TestDocuments.longDocx(400, 60);
        assertThatThrownBy(() -> small.parse(TestDocuments.write(dir, "long.docx", docx), "long.docx"))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessage("the document has more than 20000 characters of text (llmsvc.documents.max-characters)");
        assertThatThrownBy(() -> small.parse(TestDocuments.write(dir, "long.txt", TestDocuments.utf8("word ".repeat(10_000))), "long.txt"))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessageContaining("more than 20000 characters");
    }

    @Test
    void pagesBeyondTheLimitFail() {
        DocumentParser small = new DocumentParser(withLimits(5_000_000, 3));
        byte[] pdf = TestDocuments.pdf(List.of("one", "two", "three", "four", "five"));
        assertThatThrownBy(() -> small.parse(TestDocuments.write(dir, "five.pdf", pdf), "five.pdf"))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessage("the document has more than 3 pages (llmsvc.documents.max-pages)");
    }

    @Test
    void extractionIsStoppedAtTheParseTimeout() {
        DocumentParser hasty = new DocumentParser(TestProps.defaults().set(p -> p.parseTimeout = java.time.Duration.ofNanos(1)).build());
        byte[] docx = TestDocuments.longDocx(400, 20);
        assertThatThrownBy(() -> hasty.parse(TestDocuments.write(dir, "slow.docx", docx), "slow.docx"))
                .isInstanceOf(RejectedDocumentException.class)
                .hasMessage("text extraction took longer than 0 ms (llmsvc.documents.parse-timeout)");
    }

    static DocumentsProperties withLimits(int maxCharacters, int maxPages) {
        return TestProps.defaults().set(p -> {
            p.maxCharacters = maxCharacters;
            p.maxPages = maxPages;
        }).build();
    }
}
