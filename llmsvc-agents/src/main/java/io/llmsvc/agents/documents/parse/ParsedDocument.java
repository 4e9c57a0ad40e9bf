package io.llmsvc.agents.documents.parse;

import java.util.List;

/**
 * A document's extracted text with its structure. {@code text} is the blocks' texts joined by blank lines; each
 * block names its exact range in it ({@code text.substring(start, end)}), so chunks can cite offsets.
 *
 * @param contentType the type detected from the bytes (e.g. {@code application/pdf})
 * @param title       the document's own title (metadata or first top-level heading), or null
 * @param pages       pages (PDF), slides (PPTX), or 1
 */
public record ParsedDocument(String text, List<Block> blocks, String contentType, String title, int pages) {

    /**
     * A heading or a body block (paragraph, list item, table row, code block).
     *
     * @param page    1-based page or slide, or null where the format has none
     * @param section the heading path in effect ({@code "Intro > Scope"}; for a heading, ending with itself), or null
     * @param level   1–6 for headings, 0 for body blocks
     */
    public record Block(int start, int end, Integer page, String section, int level) {
        public boolean heading() { return level > 0; }
    }
}
