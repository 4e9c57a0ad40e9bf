package io.llmsvc.agents.documents;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.junit.jupiter.api.Assumptions;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Documents generated for tests: PDFs with PDFBox, DOCX and PPTX with POI, the rest as strings, plus broken and
 * hostile files (encrypted, corrupt, empty, zip bomb, executables and images in disguise).
 */
public final class TestDocuments {

    /** A DOCX paragraph: a heading of {@code level} 1–3, or body text (level 0). */
    public record Para(int level, String text) {
        public static Para h(int level, String text) { return new Para(level, text); }
        public static Para p(String text) { return new Para(0, text); }
    }

    /** A PDF with one page per string; lines split at '\n', blank lines make separate paragraphs. */
    public static byte[] pdf(List<String> pages) {
        return pdf(pages, null);
    }

    /** A PDF whose text uses a TrueType font that has Hangul (NanumGothic). Skips the test when no such font exists outside CI. */
    public static byte[] koreanPdf(List<String> pages) {
        return pdf(pages, koreanFont());
    }

    public static Path koreanFont() {
        Path nanum = Path.of("/usr/share/fonts/truetype/nanum/NanumGothic.ttf");
        if (Files.isRegularFile(nanum)) return nanum;
        String msg = "no Korean TrueType font (apt: fonts-nanum) at " + nanum;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg + "; CI must install it");
        Assumptions.abort(msg + "; skipped outside CI");
        return null;
    }

    private static byte[] pdf(List<String> pages, Path fontFile) {
        try (PDDocument doc = new PDDocument()) {
            PDFont font = fontFile == null ? new PDType1Font(Standard14Fonts.FontName.HELVETICA) : PDType0Font.load(doc, fontFile.toFile());
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.newLineAtOffset(50, 740);
                    for (String line : text.split("\n", -1)) {
                        if (line.isEmpty()) {
                            cs.newLineAtOffset(0, -28); // a paragraph gap
                            continue;
                        }
                        cs.showText(line);
                        cs.newLineAtOffset(0, -14);
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF with pages but no text at all (what a scan without OCR looks like). */
    public static byte[] emptyPdf() {
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF that needs a user password to open. */
    public static byte[] encryptedPdf() {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(50, 700);
                cs.showText("Secret quarterly numbers.");
                cs.endText();
            }
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF header followed by garbage: what a truncated or damaged download looks like. */
    public static byte[] corruptPdf() {
        byte[] good = pdf(List.of("This text will be lost."));
        byte[] bad = Arrays.copyOf(good, 300);
        for (int i = 120; i < bad.length; i++) bad[i] = (byte) ('#' + (i % 50));
        return bad;
    }

    /** A DOCX with real heading styles (Heading1–3 named "heading 1" … as Word names them). */
    public static byte[] docx(List<Para> paras, String title) {
        try (XWPFDocument doc = new XWPFDocument()) {
            XWPFStyles styles = doc.createStyles();
            for (int level = 1; level <= 3; level++) {
                CTStyle ct = CTStyle.Factory.newInstance();
                ct.setStyleId("Heading" + level);
                ct.setType(STStyleType.PARAGRAPH);
                CTString name = CTString.Factory.newInstance();
                name.setVal("heading " + level);
                ct.setName(name);
                styles.addStyle(new XWPFStyle(ct));
            }
            for (Para p : paras) {
                XWPFParagraph para = doc.createParagraph();
                if (p.level() > 0) para.setStyle("Heading" + p.level());
                para.createRun().setText(p.text());
            }
            if (title != null) doc.getProperties().getCoreProperties().setTitle(title);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PPTX with one slide per entry: {title, body}. */
    public static byte[] pptx(List<String[]> slides) {
        try (XMLSlideShow show = new XMLSlideShow()) {
            for (String[] s : slides) {
                XSLFSlide slide = show.createSlide(show.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT));
                slide.getPlaceholder(0).setText(s[0]);
                slide.getPlaceholder(1).setText(s[1]);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            show.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A DOCX whose {@code word/document.xml} holds {@code megabytes} MB of one repeated character in a single run:
     * about 1 MB on disk per GB expanded.
     */
    public static void zipBombDocx(Path target, int megabytes) {
        byte[] template = docx(List.of(Para.p("placeholder")), null);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(template));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            out.setLevel(Deflater.BEST_SPEED);
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("word/document.xml")) {
                    writeHugeDocumentXml(out, megabytes);
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHugeDocumentXml(OutputStream out, int megabytes) throws IOException {
        out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + "<w:body><w:p><w:r><w:t>").getBytes(StandardCharsets.UTF_8));
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) 'a');
        for (int i = 0; i < megabytes; i++) out.write(block);
        out.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
    }

    /** A DOCX of many paragraphs of varied (poorly compressible) words: passes the zip checks, fails the text limit. */
    public static byte[] longDocx(int paragraphs, int wordsPerParagraph) {
        java.util.Random random = new java.util.Random(7);
        List<Para> paras = new ArrayList<>();
        for (int i = 0; i < paragraphs; i++) {
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < wordsPerParagraph; w++) {
                int len = 3 + random.nextInt(8);
                for (int c = 0; c < len; c++) b.append((char) ('a' + random.nextInt(26)));
                b.append(w % 12 == 11 ? ". " : " ");
            }
            paras.add(Para.p(b.toString().strip()));
        }
        return docx(paras, null);
    }

    /** The first bytes of a Linux executable (ELF), padded. */
    public static byte[] elfExecutable() {
        byte[] b = new byte[4096];
        byte[] head = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(head, 0, b, 0, head.length);
        b[16] = 2; // ET_EXEC
        b[18] = 0x3E; // x86-64
        return b;
    }

    /** A 1×1 PNG image. */
    public static byte[] png() {
        return java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes bytes to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of a paragraph long enough to wrap over several PDF lines. */
    public static String lines(String... lines) {
        return String.join("\n", Stream.of(lines).toList());
    }

    private TestDocuments() {}
}
