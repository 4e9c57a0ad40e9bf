package io.llmsvc.agents.documents.parse;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds a {@link ParsedDocument} block by block: cleans each block's text (NFC, no control characters), joins
 * blocks with blank lines, tracks the heading path and enforces the character limit.
 */
final class StructureBuilder {
    private record Heading(int level, String text) {}

    private final StringBuilder text = new StringBuilder();
    private final List<ParsedDocument.Block> blocks = new ArrayList<>();
    private final Deque<Heading> path = new ArrayDeque<>();
    private final int maxCharacters;
    private String firstHeading;

    StructureBuilder(int maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    /** Adds a heading of level 1–6; later blocks belong to its section. */
    void heading(int level, String raw, Integer page) throws LimitException {
        String t = clean(raw, false);
        if (t.isEmpty()) return;
        while (!path.isEmpty() && path.peekLast().level() >= level) path.removeLast();
        path.addLast(new Heading(level, t));
        if (firstHeading == null) firstHeading = t;
        add(t, page, level);
    }

    /** Adds a body block; {@code keepLines} keeps its line breaks (code, plain text), otherwise whitespace is folded. */
    void paragraph(String raw, Integer page, boolean keepLines) throws LimitException {
        String t = clean(raw, keepLines);
        if (!t.isEmpty()) add(t, page, 0);
    }

    /** Characters taken so far, for limits checked while a block is still being collected. */
    int length() {
        return text.length();
    }

    int maxCharacters() {
        return maxCharacters;
    }

    String firstHeading() {
        return firstHeading;
    }

    ParsedDocument build(String contentType, String title, int pages) {
        return new ParsedDocument(text.toString(), List.copyOf(blocks), contentType, title, pages);
    }

    private void add(String t, Integer page, int level) throws LimitException {
        int sep = text.isEmpty() ? 0 : 2;
        if ((long) text.length() + sep + t.length() > maxCharacters) throw LimitException.characters(maxCharacters);
        if (sep > 0) text.append("\n\n");
        int start = text.length();
        text.append(t);
        String section = path.isEmpty() ? null : path.stream().map(Heading::text).collect(Collectors.joining(" > "));
        blocks.add(new ParsedDocument.Block(start, text.length(), page, section, level));
    }

    /**
     * NFC, control and format characters dropped (tab, newline and U+FFFD kept as whitespace), then whitespace folded to
     * single spaces, or, with {@code keepLines}, spaces folded within lines and blank-line runs reduced to one line
     * break (blank lines separate blocks). Trimmed.
     */
    static String clean(String raw, boolean keepLines) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == LINE_BREAK) {
                b.append(keepLines || c == LINE_BREAK ? '\n' : ' ');
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFFFD') {
                // U+FFFD: a glyph without a Unicode mapping; in PDFs this is most often the space of an embedded font
                b.append(' ');
            } else {
                int type = Character.getType(c);
                if (type != Character.CONTROL && type != Character.FORMAT && c != '\uFFFE' && c != '\uFFFF') b.append(c);
            }
        }
        return b.toString()
                .replaceAll(" {2,}", " ")
                .replaceAll(" ?\n ?", "\n")
                .replaceAll("\n{2,}", "\n")
                .strip();
    }

    /** Marks an explicit line break ({@code <br>}, code) in text whose other whitespace is folded. */
    static final char LINE_BREAK = '\u2028';
}
