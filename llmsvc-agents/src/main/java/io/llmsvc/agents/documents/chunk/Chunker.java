package io.llmsvc.agents.documents.chunk;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a parsed document into chunks that follow its structure.
 * <ul>
 *   <li>A chunk never spans two sections (a heading starts a new one) or two pages. A heading directly followed by
 *       a sub-heading on the same page is kept with it rather than left alone as a chunk of one line.</li>
 *   <li>Within a section, whole paragraphs are packed up to {@code maxTokens} ({@link TokenEstimator}); a chunk
 *       that is at least half full ends at a paragraph boundary rather than in the middle of the next paragraph.
 *       Longer paragraphs are split between sentences ({@link Sentences}), overlong sentences between words, and
 *       words longer than the whole budget (a base64 blob) between characters.</li>
 *   <li>Consecutive chunks of one section overlap: the next starts with the last sentences of the previous, up to
 *       {@code overlapTokens}.</li>
 *   <li>Offsets are exact: {@code parsed.text().substring(chunk.start(), chunk.end())} is the chunk's text, which
 *       starts and ends with a non-blank character.</li>
 * </ul>
 */
public final class Chunker {
    private final int maxTokens;
    private final int overlapTokens;

    public Chunker(int maxTokens, int overlapTokens) {
        if (maxTokens < 1 || overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("need 0 <= overlap < max tokens");
        }
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    /** A piece that is never split further: a sentence (or part of one), or a heading. */
    private record Unit(int start, int end, int tokens, boolean paragraphStart, boolean heading) {}

    private static final class Segment {
        final Integer page;
        String section;
        boolean onlyHeadings = true;
        final List<ParsedDocument.Block> blocks = new ArrayList<>();

        Segment(Integer page, String section) {
            this.page = page;
            this.section = section;
        }
    }

    public List<Chunk> chunk(String documentId, String title, String source, ParsedDocument doc) {
        String text = doc.text();
        List<Chunk> chunks = new ArrayList<>();
        for (Segment seg : segments(doc.blocks())) {
            List<Unit> units = new ArrayList<>();
            for (ParsedDocument.Block b : seg.blocks) units(text, b, units);
            pack(units, (s, e) -> {
                String body = text.substring(s, e);
                int ordinal = chunks.size();
                chunks.add(new Chunk(Chunk.idOf(documentId, ordinal), documentId, ordinal, body, title, source,
                        seg.page, seg.section, s, e, TokenEstimator.estimate(body)));
            });
        }
        return chunks;
    }

    private static List<Segment> segments(List<ParsedDocument.Block> blocks) {
        List<Segment> out = new ArrayList<>();
        Segment cur = null;
        for (ParsedDocument.Block b : blocks) {
            if (b.heading() && cur != null && cur.onlyHeadings && Objects.equals(cur.page, b.page())) {
                cur.section = b.section();
            } else if (b.heading() || cur == null || !Objects.equals(cur.page, b.page())
                    || !Objects.equals(cur.section, b.section())) {
                cur = new Segment(b.page(), b.section());
                out.add(cur);
            }
            cur.blocks.add(b);
            if (!b.heading()) cur.onlyHeadings = false;
        }
        return out;
    }

    private void units(String text, ParsedDocument.Block b, List<Unit> out) {
        boolean first = true;
        for (int[] s : Sentences.split(text, b.start(), b.end())) {
            int tokens = TokenEstimator.estimate(text, s[0], s[1]);
            if (tokens <= maxTokens) {
                out.add(new Unit(s[0], s[1], tokens, first, b.heading()));
            } else {
                for (int[] p : pieces(text, s[0], s[1])) {
                    out.add(new Unit(p[0], p[1], TokenEstimator.estimate(text, p[0], p[1]), first, b.heading()));
                    first = false;
                }
            }
            first = false;
        }
    }

    /** An overlong sentence cut between words, and words cut between characters, each piece within budget. */
    private List<int[]> pieces(String text, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int pieceStart = -1;
        int pieceEnd = -1;
        int tokens = 0;
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= to) break;
            int end = i;
            while (end < to && !Character.isWhitespace(text.charAt(end))) end++;
            int wordTokens = TokenEstimator.estimate(text, i, end);
            if (pieceStart >= 0 && (wordTokens > maxTokens || tokens + wordTokens > maxTokens)) {
                out.add(new int[] {pieceStart, pieceEnd});
                pieceStart = -1;
                tokens = 0;
            }
            if (wordTokens > maxTokens) {
                for (int p = i; p < end; ) {
                    int cut = longestWithin(text, p, end);
                    out.add(new int[] {p, cut});
                    p = cut;
                }
            } else {
                if (pieceStart < 0) pieceStart = i;
                pieceEnd = end;
                tokens += wordTokens;
            }
            i = end;
        }
        if (pieceStart >= 0) out.add(new int[] {pieceStart, pieceEnd});
        return out;
    }

    /**
     * The largest end in {@code (from, to]} whose text from {@code from} is within budget (at least one code point,
     * never between the two halves of a surrogate pair). Every character costs at least 1/8 token, so the search
     * looks no further than {@code 8 * maxTokens + 8} characters.
     */
    private int longestWithin(String text, int from, int to) {
        int lo = from + Character.charCount(text.codePointAt(from));
        int hi = (int) Math.min(to, from + 8L * maxTokens + 8);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (TokenEstimator.estimate(text, from, mid) <= maxTokens) lo = mid;
            else hi = mid - 1;
        }
        if (lo < to && Character.isLowSurrogate(text.charAt(lo)) && Character.isHighSurrogate(text.charAt(lo - 1))) {
            lo = lo - 1 > from ? lo - 1 : lo + 1;
        }
        return lo;
    }

    private interface Emit {
        void chunk(int start, int end);
    }

    private void pack(List<Unit> units, Emit emit) {
        int n = units.size();
        int i = 0;
        while (i < n) {
            int j = i;
            int tokens = 0;
            while (j < n && (j == i || tokens + units.get(j).tokens() <= maxTokens)) tokens += units.get(j++).tokens();
            if (j < n && !units.get(j).paragraphStart()) {
                // prefer ending at a paragraph boundary once the chunk is at least half full
                int sum = 0;
                int best = -1;
                for (int k = i; k < j; k++) {
                    if (k > i && units.get(k).paragraphStart() && sum >= maxTokens / 2) best = k;
                    sum += units.get(k).tokens();
                }
                if (best > 0) j = best;
            }
            emit.chunk(units.get(i).start(), units.get(j - 1).end());
            if (j >= n) break;
            int k = j;
            int overlap = 0;
            while (k - 1 > i && !units.get(k - 1).heading() && overlap + units.get(k - 1).tokens() <= overlapTokens) {
                overlap += units.get(--k).tokens();
            }
            i = k;
        }
    }
}
