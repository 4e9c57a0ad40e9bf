package io.llmsvc.agents.documents.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structure of plain text and Markdown, which Tika extracts as one undivided text. Plain text: blocks are separated
 * by blank lines, line breaks are kept. Markdown adds ATX ({@code ## Title}) and setext ({@code Title} over
 * {@code ===} or {@code ---}) headings, keeps fenced code blocks whole (a {@code #} inside them is not a heading),
 * and starts a block at each list item. Inline markup is left as written.
 */
final class TextStructure {
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+).*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^ {0,3}([-*+]|\\d{1,9}[.)])[ \\t]+.*$");

    static void parse(String content, boolean markdown, StructureBuilder out) throws LimitException {
        String[] lines = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> block = new ArrayList<>();
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (markdown && fence != null) {
                block.add(line);
                if (line.strip().startsWith(fence)) {
                    emit(block, out);
                    fence = null;
                }
                continue;
            }
            if (line.isBlank()) {
                emit(block, out);
                continue;
            }
            if (markdown) {
                Matcher f = FENCE.matcher(line);
                if (f.matches()) {
                    emit(block, out);
                    fence = f.group(1);
                    block.add(line);
                    continue;
                }
                Matcher atx = ATX.matcher(line);
                if (atx.matches()) {
                    emit(block, out);
                    out.heading(atx.group(1).length(), atx.group(2) == null ? "" : atx.group(2), null);
                    continue;
                }
                if (block.size() == 1 && !LIST_ITEM.matcher(block.getFirst()).matches()) {
                    Matcher setext = SETEXT.matcher(line);
                    if (setext.matches()) {
                        String title = block.getFirst();
                        block.clear();
                        out.heading(setext.group(1).charAt(0) == '=' ? 1 : 2, title, null);
                        continue;
                    }
                }
                if (LIST_ITEM.matcher(line).matches()) emit(block, out);
            }
            block.add(line);
            if (block.size() > 10_000) emit(block, out);
        }
        emit(block, out);
    }

    private static void emit(List<String> block, StructureBuilder out) throws LimitException {
        if (block.isEmpty()) return;
        out.paragraph(String.join("\n", block), null, true);
        block.clear();
    }

    private TextStructure() {}
}
