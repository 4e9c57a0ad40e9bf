package io.llmsvc.bench;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.DocumentsProperties;
import io.llmsvc.agents.documents.DocumentsService;
import io.llmsvc.agents.documents.chunk.Chunker;
import io.llmsvc.agents.documents.fetch.UrlFetcher;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.ingest.IngestionQueue;
import io.llmsvc.agents.documents.ingest.Ingestor;
import io.llmsvc.agents.documents.parse.DocumentParser;
import io.llmsvc.agents.documents.parse.ParsedDocument;
import io.llmsvc.agents.documents.storage.FileStorage;
import io.llmsvc.agents.documents.store.DocumentStore;
import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.api.agents.DocumentUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Ingestion throughput of the document agent on a generated corpus: multi-page PDFs (English, and Korean when a
 * Hangul font is installed), DOCX handbooks with sections and PPTX decks. First each stage alone (Tika parsing,
 * chunking, embedding with the built-in ONNX model) per format, then the whole pipeline end to end — upload, file
 * storage, H2, background queue, parse, chunk, embed, index — with an in-memory chunk index (index writes are the
 * search side's cost and are measured by its own benchmark). Options: {@code --docs=N} documents per format
 * (default 6), {@code --pages=N} pages/slides/sections per document (default 20).
 */
final class IngestBench {
    private static final Path NANUM = Path.of("/usr/share/fonts/truetype/nanum/NanumGothic.ttf");
    private static final String[] EN = ("the of and to in is that for it as with was on be by this are from at or an "
            + "have not they which one you were all we can her has there been if more when will would who so no "
            + "policy employee leave annual report revenue quarter budget travel approval manager review contract "
            + "client schedule security password training benefits salary office remote meeting project deadline").split(" ");
    private static final String[] KO = ("직원 연차 휴가 규정 보고서 매출 분기 예산 출장 승인 관리자 검토 계약 고객 일정 보안 비밀번호 교육 복리후생 "
            + "급여 사무실 재택 회의 프로젝트 마감 기준 부여 사용 신청 처리 경우 해당 다음 모든 회사 부서 담당자 제출").split(" ");

    record Format(String name, String ext, List<byte[]> docs, int pagesPerDoc, boolean paged) {}

    static void run() throws Exception {
        int docs = Integer.parseInt(BenchMain.option("docs", "6"));
        int pages = Integer.parseInt(BenchMain.option("pages", "20"));
        Random random = new Random(42);
        List<Format> formats = new ArrayList<>();
        formats.add(new Format("PDF (English)", "pdf", gen(docs, () -> pdf(random, pages, null)), pages, true));
        if (Files.isRegularFile(NANUM)) {
            formats.add(new Format("PDF (Korean)", "pdf", gen(docs, () -> pdf(random, pages, NANUM)), pages, true));
        }
        formats.add(new Format("DOCX (mixed)", "docx", gen(docs, () -> docx(random, pages)), pages, false));
        formats.add(new Format("PPTX (mixed)", "pptx", gen(docs, () -> pptx(random, pages)), pages, true));
        DocumentsProperties props = DocumentsProperties.defaults();
        Path tmp = Files.createTempDirectory("llmsvc-bench-ingest");
        try {
            Embedder embedder = new BuiltinEmbedder();
            embedder.embedPassages(List.of("warm up the model", "모델 준비")); // load and JIT outside the figures
            System.out.printf("corpus: %d documents per format, %d pages (PDF), slides (PPTX) or sections (DOCX) each; "
                    + "chunks of %d tokens with %d overlap; embedder %s%s%n%n", docs, pages, props.chunkTokens(),
                    props.chunkOverlapTokens(), embedder.id(), Files.isRegularFile(NANUM) ? "" : "; no Hangul font, Korean PDFs skipped");
            stages(formats, props, embedder, tmp);
            endToEnd(formats, props, embedder, tmp);
        } finally {
            InProcessSystem.deleteTree(tmp);
        }
    }

    private interface Gen {
        byte[] make() throws IOException;
    }

    private static List<byte[]> gen(int n, Gen g) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(g.make());
        return out;
    }

    /** Each stage alone, per format, on one thread (the embedder itself uses every core). */
    private static void stages(List<Format> formats, DocumentsProperties props, Embedder embedder, Path tmp) throws Exception {
        DocumentParser parser = new DocumentParser(props);
        Chunker chunker = new Chunker(props.chunkTokens(), props.chunkOverlapTokens());
        Table t = new Table("format", "docs", "pages", "MB", "chars", "chunks", "parse s", "chunk s", "embed s",
                "parse pages/s", "embed chunks/s", "pages/s (all stages)");
        for (Format f : formats) {
            // a warm-up document per format, so that class loading is not counted
            Path warm = Files.write(tmp.resolve("warm." + f.ext()), f.docs().getFirst());
            parser.parse(warm, warm.getFileName().toString());
            long parseNs = 0, chunkNs = 0, embedNs = 0, chars = 0, bytes = 0;
            int chunks = 0, totalPages = 0;
            for (int i = 0; i < f.docs().size(); i++) {
                Path file = Files.write(tmp.resolve("d" + i + "." + f.ext()), f.docs().get(i));
                bytes += f.docs().get(i).length;
                long t0 = System.nanoTime();
                ParsedDocument doc = parser.parse(file, file.getFileName().toString());
                long t1 = System.nanoTime();
                List<Chunk> cs = chunker.chunk("d" + i, "t", file.getFileName().toString(), doc);
                long t2 = System.nanoTime();
                List<String> texts = cs.stream().map(Ingestor::passage).toList();
                for (int b = 0; b < texts.size(); b += props.embedBatchSize()) {
                    embedder.embedPassages(texts.subList(b, Math.min(texts.size(), b + props.embedBatchSize())));
                }
                long t3 = System.nanoTime();
                parseNs += t1 - t0;
                chunkNs += t2 - t1;
                embedNs += t3 - t2;
                chars += doc.text().length();
                chunks += cs.size();
                totalPages += f.paged() ? doc.pages() : f.pagesPerDoc();
            }
            double all = (parseNs + chunkNs + embedNs) / 1e9;
            t.row(f.name(), f.docs().size(), totalPages + (f.paged() ? "" : " (sections)"), Stats.f1(bytes / 1e6), chars, chunks,
                    Stats.f2(parseNs / 1e9), Stats.f2(chunkNs / 1e9), Stats.f2(embedNs / 1e9),
                    Stats.f1(totalPages / (parseNs / 1e9)), Stats.f1(chunks / (embedNs / 1e9)), Stats.f1(totalPages / all));
        }
        System.out.println("### Stages (one document at a time)");
        System.out.println();
        t.print();
    }

    /** Everything through the document service: uploads, then wait until every document is ready. */
    private static void endToEnd(List<Format> formats, DocumentsProperties props, Embedder embedder, Path tmp) throws Exception {
        Table t = new Table("ingest threads", "docs", "pages", "chunks", "wall s", "pages/s", "chunks/s", "docs/s");
        for (int threads : new int[] {1, 2}) {
            DocumentsProperties p = new DocumentsProperties(props.maxUploadSize(), props.maxUrlSize(), props.urlConnectTimeout(),
                    props.urlReadTimeout(), props.urlTotalTimeout(), false, List.of(), props.chunkTokens(),
                    props.chunkOverlapTokens(), props.maxPages(), props.maxCharacters(), props.parseTimeout(), threads,
                    props.embedBatchSize(), props.maxAttempts());
            Path dataDir = Files.createDirectories(tmp.resolve("e2e-" + threads));
            DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("db/llmsvc") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            DocumentStore store = new DocumentStore(new JdbcTemplate(ds));
            FileStorage storage = new FileStorage(dataDir);
            CountingIndex index = new CountingIndex();
            UrlFetcher fetcher = new UrlFetcher(p);
            Ingestor ingestor = new Ingestor(p, store, storage, new DocumentParser(p),
                    new Chunker(p.chunkTokens(), p.chunkOverlapTokens()), fetcher, embedder, () -> index);
            IngestionQueue queue = new IngestionQueue(ingestor, threads);
            queue.start();
            DocumentsService service = new DocumentsService(p, store, storage, queue, fetcher, embedder, () -> index, () -> null);
            Caller caller = new Caller("bench", Set.of("user"));
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Format f : formats) {
                for (int i = 0; i < f.docs().size(); i++) {
                    byte[] b = f.docs().get(i);
                    ids.add(service.ingestDocument(caller, new DocumentUpload("doc" + i + "." + f.ext(), null, null, null, b.length,
                            new ByteArrayInputStream(b))).id());
                }
            }
            int pages = 0;
            int chunks = 0;
            for (String id : ids) {
                while (true) {
                    var d = store.find(id).orElseThrow();
                    if (d.status().finished()) {
                        if (d.status() != DocumentStatus.READY) throw new IllegalStateException(id + " failed: " + d.error());
                        pages += d.pages();
                        chunks += d.chunks();
                        break;
                    }
                    Thread.sleep(5);
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            queue.close();
            t.row(threads, ids.size(), pages, chunks, Stats.f2(wall), Stats.f1(pages / wall), Stats.f1(chunks / wall),
                    Stats.f2(ids.size() / wall));
        }
        System.out.println("### End to end (DocumentsService: upload → ready; DOCX counts 1 page)");
        System.out.println();
        t.print();
    }

    private static String sentence(Random r, boolean korean) {
        String[] words = korean ? KO : EN;
        int n = 8 + r.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(' ');
            String w = words[r.nextInt(words.length)];
            b.append(i == 0 && !korean ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        }
        return b.append(korean ? "입니다." : ".").toString();
    }

    private static String paragraph(Random r, boolean korean, int sentences) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentences; i++) b.append(i == 0 ? "" : " ").append(sentence(r, korean));
        return b.toString();
    }

    /** Wraps a paragraph into lines of at most {@code width} characters. */
    private static List<String> wrap(String p, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : p.split(" ")) {
            if (line.length() + w.length() + 1 > width && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(w);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        return lines;
    }

    /** A PDF of {@code pages} pages of about 350 words (English) or 600 syllables (Korean) each. */
    static byte[] pdf(Random r, int pages, Path font) throws IOException {
        boolean korean = font != null;
        try (PDDocument doc = new PDDocument()) {
            PDFont f = korean ? PDType0Font.load(doc, font.toFile()) : new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(f, 10);
                    cs.newLineAtOffset(50, 740);
                    for (int para = 0; para < 4; para++) {
                        for (String line : wrap(paragraph(r, korean, 5), korean ? 45 : 95)) {
                            cs.showText(line);
                            cs.newLineAtOffset(0, -13);
                        }
                        cs.newLineAtOffset(0, -13);
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A DOCX with {@code sections} sections (heading + three paragraphs), alternating English and Korean. */
    static byte[] docx(Random r, int sections) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            for (int s = 0; s < sections; s++) {
                boolean korean = s % 2 == 1;
                doc.createParagraph().createRun().setText((korean ? "제" + (s + 1) + "장 " : "Section " + (s + 1) + " ") + sentence(r, korean));
                for (int p = 0; p < 3; p++) doc.createParagraph().createRun().setText(paragraph(r, korean, 5));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            return out.toByteArray();
        }
    }

    /** A PPTX of {@code slides} slides with a title and a few bullet sentences, alternating English and Korean. */
    static byte[] pptx(Random r, int slides) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow()) {
            for (int s = 0; s < slides; s++) {
                boolean korean = s % 2 == 1;
                XSLFSlide slide = show.createSlide(show.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT));
                slide.getPlaceholder(0).setText(sentence(r, korean));
                slide.getPlaceholder(1).setText(String.join("\n", sentence(r, korean), sentence(r, korean), sentence(r, korean), sentence(r, korean)));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            show.write(out);
            return out.toByteArray();
        }
    }

    /** Keeps chunk counts only: the bench measures ingestion, not the index. */
    static final class CountingIndex implements ChunkIndex {
        private final Map<String, Integer> docs = new ConcurrentHashMap<>();

        @Override
        public void replaceDocument(String documentId, List<Chunk> chunks, List<float[]> vectors) {
            docs.put(documentId, chunks.size());
        }

        @Override
        public void deleteDocument(String documentId) {
            docs.remove(documentId);
        }

        @Override
        public Set<String> documentIds() {
            return Set.copyOf(docs.keySet());
        }

        @Override
        public List<ScoredChunk> keywordSearch(String query, int k, Set<String> allowedDocuments) {
            return List.of();
        }

        @Override
        public List<ScoredChunk> vectorSearch(float[] query, int k, Set<String> allowedDocuments) {
            return List.of();
        }

        @Override
        public Chunk chunk(String chunkId) {
            return null;
        }

        @Override
        public int size() {
            return docs.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public void close() {
        }
    }

    private IngestBench() {}
}
