package io.llmsvc.agents.documents.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.parse.ParsedDocument;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    /** Builds a parsed document the way the parser does: blocks joined by blank lines, heading paths tracked. */
    static final class Doc {
        private final StringBuilder text = new StringBuilder();
        private final List<ParsedDocument.Block> blocks = new ArrayList<>();
        private final Deque<String[]> path = new ArrayDeque<>();

        Doc h(int level, String t, Integer page) {
            while (!path.isEmpty() && Integer.parseInt(path.peekLast()[0]) >= level) path.removeLast();
            path.addLast(new String[] {String.valueOf(level), t});
            return add(t, page, level);
        }

        Doc p(String t, Integer page) {
            return add(t, page, 0);
        }

        private Doc add(String t, Integer page, int level) {
            if (!text.isEmpty()) text.append("\n\n");
            int start = text.length();
            text.append(t);
            String section = path.isEmpty() ? null : String.join(" > ", path.stream().map(x -> x[1]).toList());
            blocks.add(new ParsedDocument.Block(start, text.length(), page, section, level));
            return this;
        }

        ParsedDocument build() {
            return new ParsedDocument(text.toString(), List.copyOf(blocks), "text/plain", null, 1);
        }
    }

    private static final String EN = "The quick brown fox jumps over the lazy dog near the river bank. ";
    private static final String KO = "연차 휴가는 입사일을 기준으로 매년 부여됩니다. 사용하지 않은 휴가는 다음 해로 이월할 수 없어요. ";

    /** Offsets exact, within budget, inside one section and page, and every body character covered. */
    private static void assertWellFormed(ParsedDocument doc, List<Chunk> chunks, int max) {
        assertThat(chunks).isNotEmpty();
        boolean[] covered = new boolean[doc.text().length()];
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertThat(c.ordinal()).isEqualTo(i);
            assertThat(c.chunkId()).isEqualTo("d1:" + i);
            assertThat(doc.text().substring(c.start(), c.end())).isEqualTo(c.text());
            assertThat(c.text()).isEqualTo(c.text().strip()).isNotEmpty();
            assertThat(c.tokens()).isEqualTo(TokenEstimator.estimate(c.text())).isLessThanOrEqualTo(max);
            for (ParsedDocument.Block b : doc.blocks()) {
                boolean overlaps = b.start() < c.end() && c.start() < b.end();
                if (overlaps && !b.heading()) {
                    assertThat(b.section()).as("chunk %d stays in its section", i).isEqualTo(c.section());
                    assertThat(b.page()).as("chunk %d stays on its page", i).isEqualTo(c.page());
                }
            }
            for (int k = c.start(); k < c.end(); k++) covered[k] = true;
        }
        for (ParsedDocument.Block b : doc.blocks()) {
            for (int k = b.start(); k < b.end(); k++) {
                if (!Character.isWhitespace(doc.text().charAt(k))) {
                    assertThat(covered[k]).as("character %d ('%s') is in a chunk", k, doc.text().charAt(k)).isTrue();
                }
            }
        }
    }

    @Test
    void shortSectionsBecomeOneChunkEach() {
        ParsedDocument doc = new Doc()
                .h(1, "Guide", null).h(2, "Intro", null).p("Welcome aboard.", null).p("Read this first.", null)
                .h(2, "Leave", null).p("Fifteen days a year.", null)
                .build();
        List<Chunk> chunks = new Chunker(300, 50).chunk("d1", "Handbook", "handbook.docx", doc);
        assertWellFormed(doc, chunks, 300);
        assertThat(chunks).extracting(Chunk::text).containsExactly(
                "Guide\n\nIntro\n\nWelcome aboard.\n\nRead this first.",
                "Leave\n\nFifteen days a year.");
        assertThat(chunks).extracting(Chunk::section).containsExactly("Guide > Intro", "Guide > Leave");
        assertThat(chunks.getFirst().title()).isEqualTo("Handbook");
        assertThat(chunks.getFirst().source()).isEqualTo("handbook.docx");
    }

    @Test
    void pagesAreNeverMerged() {
        ParsedDocument doc = new Doc().p("Page one text.", 1).p("More on one.", 1).p("Page two text.", 2).p("Three.", 3).build();
        List<Chunk> chunks = new Chunker(300, 50).chunk("d1", "t", "s.pdf", doc);
        assertWellFormed(doc, chunks, 300);
        assertThat(chunks).extracting(Chunk::page).containsExactly(1, 2, 3);
        assertThat(chunks.getFirst().text()).isEqualTo("Page one text.\n\nMore on one.");
    }

    @Test
    void longSectionsSplitBetweenSentencesWithOverlap() {
        Doc d = new Doc().h(1, "Long", null);
        for (int i = 0; i < 12; i++) d.p(EN.repeat(4).strip(), null);
        ParsedDocument doc = d.build();
        int max = 60;
        int overlap = 15;
        List<Chunk> chunks = new Chunker(max, overlap).chunk("d1", "t", "s", doc);
        assertWellFormed(doc, chunks, max);
        assertThat(chunks.size()).isGreaterThan(8);
        for (int i = 1; i < chunks.size(); i++) {
            Chunk prev = chunks.get(i - 1);
            Chunk next = chunks.get(i);
            assertThat(next.start()).as("chunks advance").isGreaterThan(prev.start());
            // every chunk starts at a sentence start and ends at a sentence end
            assertThat(next.text()).startsWith("The quick");
            assertThat(prev.text()).endsWith("bank.");
            if (next.start() < prev.end()) {
                String shared = doc.text().substring(next.start(), prev.end());
                assertThat(TokenEstimator.estimate(shared)).isLessThanOrEqualTo(overlap);
            }
        }
        assertThat(chunks).anyMatch(c -> chunks.indexOf(c) > 0 && c.start() < chunks.get(chunks.indexOf(c) - 1).end());
    }

    @Test
    void koreanParagraphsSplitAtSentenceEndings() {
        ParsedDocument doc = new Doc().h(1, "휴가 규정", null).p(KO.repeat(20).strip(), null).build();
        List<Chunk> chunks = new Chunker(50, 10).chunk("d1", "t", "s", doc);
        assertWellFormed(doc, chunks, 50);
        assertThat(chunks.size()).isGreaterThan(4);
        for (Chunk c : chunks.subList(1, chunks.size())) {
            assertThat(c.text()).matches("(?s)(연차|사용하지).*");
            assertThat(c.text()).matches("(?s).*(다\\.|요\\.)");
        }
    }

    @Test
    void koreanSentencesWithoutSpacesAndOtherEndings() {
        String text = "첫 문장입니다.둘째 문장이에요!셋째는 질문인가요?넷째\n다섯째 줄. 3.5퍼센트는 나뉘지 않습니다.";
        List<String> sentences = Sentences.split(text, 0, text.length()).stream().map(r -> text.substring(r[0], r[1])).toList();
        assertThat(sentences).containsExactly("첫 문장입니다.", "둘째 문장이에요!", "셋째는 질문인가요?", "넷째", "다섯째 줄.", "3.5퍼센트는 나뉘지 않습니다.");
    }

    @Test
    void englishSentences() {
        String text = "Is it 3.14? Yes! It is \"quoted.\" Then (a parenthesis.) And more... the end";
        List<String> sentences = Sentences.split(text, 0, text.length()).stream().map(r -> text.substring(r[0], r[1])).toList();
        assertThat(sentences).containsExactly("Is it 3.14?", "Yes!", "It is \"quoted.\"", "Then (a parenthesis.)", "And more...", "the end");
    }

    @Test
    void paragraphBoundariesArePreferredOnceHalfFull() {
        String para = EN.repeat(3).strip(); // 39 tokens
        ParsedDocument doc = new Doc().p(para, null).p(para, null).p(para, null).build();
        List<Chunk> chunks = new Chunker(100, 0).chunk("d1", "t", "s", doc);
        assertWellFormed(doc, chunks, 100);
        // two whole paragraphs fit (78 tokens); the third starts the next chunk instead of being cut
        assertThat(chunks).extracting(Chunk::text).containsExactly(para + "\n\n" + para, para);
    }

    @Test
    void overlongWordsAndSentencesAreCutWithinBudget() {
        Random random = new Random(1);
        StringBuilder blob = new StringBuilder();
        for (int i = 0; i < 20_000; i++) blob.append((char) ('A' + random.nextInt(26)));
        StringBuilder hangul = new StringBuilder();
        for (int i = 0; i < 3_000; i++) hangul.append((char) (0xAC00 + random.nextInt(11172)));
        String manyWords = "word ".repeat(2000).strip();
        ParsedDocument doc = new Doc().p("data:" + blob, null).p(hangul.toString(), null).p(manyWords, null)
                .p("emoji 😀".repeat(300).strip(), null).build();
        List<Chunk> chunks = new Chunker(40, 8).chunk("d1", "t", "s", doc);
        assertWellFormed(doc, chunks, 40);
        for (Chunk c : chunks) {
            assertThat(Character.isLowSurrogate(c.text().charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(c.text().charAt(c.text().length() - 1))).isFalse();
        }
    }

    @Test
    void tokenEstimates() {
        assertThat(TokenEstimator.estimate("hello world")).isEqualTo(2);
        assertThat(TokenEstimator.estimate("internationalization")).isEqualTo(3); // 20 letters: 1 + 19/8
        assertThat(TokenEstimator.estimate("안녕하세요")).isEqualTo(4);                // 5 syllables / 1.5
        assertThat(TokenEstimator.estimate("안녕, world!")).isEqualTo(5);            // 2 + ',' + 1 + '!'
        assertThat(TokenEstimator.estimate("東京")).isEqualTo(2);
        assertThat(TokenEstimator.estimate("   \n\t ")).isZero();
        // additive over whitespace-separated pieces
        String a = "연차 휴가는 입사일 기준입니다.";
        String b = "Annual leave is 15 days.";
        assertThat(TokenEstimator.estimate(a + " " + b)).isEqualTo(TokenEstimator.estimate(a) + TokenEstimator.estimate(b));
    }

    @Test
    void documentsWithoutStructureStillChunk() {
        ParsedDocument doc = new Doc().p(EN.repeat(30).strip(), null).build();
        List<Chunk> chunks = new Chunker(100, 20).chunk("d1", "t", "s", doc);
        assertWellFormed(doc, chunks, 100);
        assertThat(chunks).allMatch(c -> c.section() == null && c.page() == null);
        assertThat(chunks.stream().map(Chunk::page).filter(Objects::nonNull)).isEmpty();
    }
}
