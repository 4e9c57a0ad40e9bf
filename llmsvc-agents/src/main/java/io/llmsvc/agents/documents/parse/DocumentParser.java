package io.llmsvc.agents.documents.parse;

import io.llmsvc.agents.documents.DocumentsProperties;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;

/**
 * Extracts text with its structure from PDF, DOCX, PPTX, HTML, Markdown and plain text (Apache Tika 3). The type is
 * detected from the bytes (the file name only refines text types, e.g. {@code .md}); anything else is rejected with
 * a reason. Embedded files and images are not extracted and there is no OCR. Thread-safe.
 */
public final class DocumentParser {
    static final String PDF = "application/pdf";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    static final String HTML = "text/html";
    static final String XHTML = "application/xhtml+xml";
    static final String MARKDOWN = "text/markdown";
    static final String TEXT = "text/plain";
    private static final Map<String, String> NAMES = Map.of(PDF, "PDF", DOCX, "DOCX", PPTX, "PPTX", HTML, "HTML",
            XHTML, "HTML", MARKDOWN, "Markdown", TEXT, "text");
    /** What the uploader is told is accepted. */
    public static final String SUPPORTED = "PDF, DOCX, PPTX, HTML, Markdown, plain text";

    /** Tika's parsers, detectors and type registry: loading them takes seconds, so it happens at the first document. */
    private record Tika(Detector detector, MediaTypeRegistry registry, AutoDetectParser parser) {}

    private volatile Tika tika;
    private final int maxCharacters;
    private final int maxPages;
    private final Duration timeout;

    public DocumentParser(DocumentsProperties props) {
        this.maxCharacters = props.maxCharacters();
        this.maxPages = props.maxPages();
        this.timeout = props.parseTimeout();
    }

    private Tika tika() {
        Tika t = tika;
        if (t == null) {
            synchronized (this) {
                t = tika;
                if (t == null) {
                    TikaConfig config = TikaConfig.getDefaultConfig();
                    tika = t = new Tika(config.getDetector(), config.getMediaTypeRegistry(), new AutoDetectParser(config));
                }
            }
        }
        return t;
    }

    /** The type of the file's bytes; {@code nameHint} (a file name) only refines it among related types. */
    public String detect(Path file, String nameHint) throws IOException {
        Metadata md = new Metadata();
        if (nameHint != null) md.set(TikaCoreProperties.RESOURCE_NAME_KEY, nameHint);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            return tika().detector().detect(in, md).getBaseType().toString();
        }
    }

    /**
     * Parses the file.
     *
     * @param nameHint the file name (or URL path) the document came with, used to recognise Markdown
     * @throws RejectedDocumentException with the reason to show when the document cannot be ingested
     */
    public ParsedDocument parse(Path file, String nameHint) throws RejectedDocumentException {
        String type;
        try {
            if (java.nio.file.Files.size(file) == 0) throw new RejectedDocumentException("the file is empty");
            type = detect(file, nameHint);
        } catch (IOException e) {
            throw new RejectedDocumentException("could not read the file: " + e.getMessage(), e);
        }
        String route = route(type);
        if (route == null) {
            throw new RejectedDocumentException("unsupported file type " + type + " (supported: " + SUPPORTED + ")");
        }
        String kind = NAMES.getOrDefault(route, "text");
        ParsedDocument doc;
        try {
            doc = switch (route) {
                case MARKDOWN, TEXT -> parseText(file, route, type);
                default -> parseWithTika(file, route, type, kind);
            };
        } catch (RejectedDocumentException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new RejectedDocumentException("could not parse " + kind + ": its structure is nested too deeply", e);
        }
        if (doc.blocks().isEmpty()) {
            throw new RejectedDocumentException(route.equals(PDF)
                    ? "no text found (scanned PDF? OCR is not supported)"
                    : "no text found in the " + kind + " document");
        }
        return doc;
    }

    /** The extraction route for a detected type, or null when it is not supported. */
    private String route(String type) {
        return switch (type) {
            case PDF, DOCX, PPTX, HTML, XHTML, MARKDOWN, TEXT -> type;
            case "text/x-web-markdown", "text/x-markdown" -> MARKDOWN;
            default -> tika().registry().isSpecializationOf(MediaType.parse(type), MediaType.TEXT_PLAIN) ? TEXT : null;
        };
    }

    private ParsedDocument parseWithTika(Path file, String route, String type, String kind) throws RejectedDocumentException {
        if (route.equals(DOCX) || route.equals(PPTX)) ZipGuard.check(file, kind);
        StructureBuilder out = new StructureBuilder(maxCharacters);
        boolean paged = route.equals(PDF) || route.equals(PPTX);
        StructureHandler handler = new StructureHandler(out, paged, maxPages, timeout);
        Metadata md = new Metadata();
        md.set(Metadata.CONTENT_TYPE, type);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            tika().parser().parse(in, handler, md, context());
        } catch (Exception e) {
            throw rejection(e, kind);
        }
        String title = cleanTitle(md.get(TikaCoreProperties.TITLE));
        if (title == null) title = cleanTitle(out.firstHeading());
        return out.build(type, title, handler.pages());
    }

    private ParsedDocument parseText(Path file, String route, String type) throws RejectedDocumentException {
        StructureBuilder out = new StructureBuilder(maxCharacters);
        StringBuilder content = new StringBuilder();
        try (TikaInputStream in = TikaInputStream.get(file); Reader r = new AutoDetectReader(in)) {
            char[] buf = new char[16 * 1024];
            int n;
            while ((n = r.read(buf)) >= 0) {
                content.append(buf, 0, n);
                if (content.length() > (long) maxCharacters * 2) throw LimitException.characters(maxCharacters);
            }
            TextStructure.parse(content.toString(), route.equals(MARKDOWN), out);
        } catch (LimitException e) {
            throw new RejectedDocumentException(e.getMessage(), e);
        } catch (Exception e) {
            throw rejection(e, NAMES.get(route));
        }
        return out.build(type, cleanTitle(out.firstHeading()), 1);
    }

    private static ParseContext context() {
        ParseContext ctx = new ParseContext();
        OfficeParserConfig office = new OfficeParserConfig();
        // streaming (SAX) extraction: memory stays flat however long the document is, and limits apply as it goes
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        office.setIncludeSlideMasterContent(false);
        office.setIncludeHeadersAndFooters(false);
        office.setIncludeDeletedContent(false);
        office.setIncludeMoveFromContent(false);
        ctx.set(OfficeParserConfig.class, office);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        pdf.setExtractAnnotationText(false);
        ctx.set(PDFParserConfig.class, pdf);
        // no Parser in the context: embedded documents (attachments, images) are skipped, not parsed
        return ctx;
    }

    /** The reason shown for a failure inside extraction. */
    private static RejectedDocumentException rejection(Exception e, String kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LimitException limit) return new RejectedDocumentException(limit.getMessage(), e);
            if (t instanceof EncryptedDocumentException || t instanceof org.apache.poi.EncryptedDocumentException) {
                return new RejectedDocumentException("encrypted " + kind + " (password-protected documents are not supported)", e);
            }
            if (t instanceof ZeroByteFileException) return new RejectedDocumentException("the file is empty", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = reason.indexOf('\n');
        if (nl > 0) reason = reason.substring(0, nl);
        if (reason.length() > 200) reason = reason.substring(0, 200) + "…";
        return new RejectedDocumentException("could not parse " + kind + ": " + reason, e);
    }

    private static String cleanTitle(String raw) {
        if (raw == null) return null;
        String t = StructureBuilder.clean(raw, false);
        if (t.isEmpty() || t.toLowerCase(Locale.ROOT).equals("untitled")) return null;
        return t.length() > 300 ? t.substring(0, 300) : t;
    }
}
