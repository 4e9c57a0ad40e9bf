package io.llmsvc.agents.documents.parse;

import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Receives Tika's XHTML and turns it into blocks: {@code h1}–{@code h6} become headings, {@code p}, {@code li},
 * {@code div}, table rows and the like become body blocks, {@code <div class="page">} (PDF) and
 * {@code <div class="slide-content">} (PPTX) start a new page. Text outside {@code body} (the title, scripts) is
 * ignored. Limits on characters, pages and time are checked as events arrive, so a runaway document is stopped
 * while it is being read.
 */
final class StructureHandler extends DefaultHandler {
    private final StructureBuilder out;
    private final boolean paged;
    private final int maxPages;
    private final long deadline;
    private final java.time.Duration timeout;
    private final StringBuilder buf = new StringBuilder();

    private int page;
    private boolean inBody;
    private int skip;       // depth inside ignored elements (script, style, slide masters)
    private int heading;    // level of the open heading, 0 when none
    private int pre;        // depth inside <pre>
    private int row;        // depth inside table rows: cells are joined with " | " instead of becoming blocks
    private boolean cellSeen;
    private int events;

    StructureHandler(StructureBuilder out, boolean paged, int maxPages, java.time.Duration timeout) {
        this.out = out;
        this.paged = paged;
        this.maxPages = maxPages;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Pages or slides seen; 1 for formats without pages. */
    int pages() {
        return paged ? Math.max(page, 1) : 1;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        tick();
        String name = name(localName, qName);
        if (name.equals("body")) {
            inBody = true;
            return;
        }
        if (!inBody) return;
        if (skip > 0 || name.equals("script") || name.equals("style") || name.equals("title")) {
            skip++;
            return;
        }
        String cls = atts.getValue("class");
        if (name.equals("div") && cls != null && cls.startsWith("slide-master")) {
            skip++;
            return;
        }
        if (paged && name.equals("div") && ("page".equals(cls) || "slide-content".equals(cls))) {
            flush();
            if (++page > maxPages) throw LimitException.pages(maxPages);
            return;
        }
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                flush();
                heading = name.charAt(1) - '0';
            }
            case "br" -> buf.append(StructureBuilder.LINE_BREAK);
            case "pre" -> {
                flush();
                pre++;
            }
            case "tr" -> {
                flush();
                row++;
                cellSeen = false;
            }
            case "td", "th" -> {
                if (row > 0 && cellSeen) buf.append(" | ");
                cellSeen = true;
            }
            default -> {
                if (isBlock(name)) {
                    if (row > 0) buf.append(' ');
                    else flush();
                }
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        tick();
        String name = name(localName, qName);
        if (name.equals("body")) {
            flush();
            inBody = false;
            return;
        }
        if (!inBody) return;
        if (skip > 0) {
            skip--;
            return;
        }
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                if (heading > 0) {
                    int level = heading;
                    heading = 0;
                    String t = buf.toString();
                    buf.setLength(0);
                    out.heading(level, t, currentPage());
                }
            }
            case "pre" -> {
                flush();
                pre = Math.max(0, pre - 1);
            }
            case "tr" -> {
                row = Math.max(0, row - 1);
                flush();
            }
            case "td", "th", "br" -> { }
            default -> {
                if (isBlock(name)) {
                    if (row > 0) buf.append(' ');
                    else flush();
                }
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        tick();
        if (!inBody || skip > 0) return;
        if (pre > 0) {
            for (int i = start; i < start + length; i++) buf.append(ch[i] == '\n' ? StructureBuilder.LINE_BREAK : ch[i]);
        } else {
            buf.append(ch, start, length);
        }
        if ((long) out.length() + buf.length() > out.maxCharacters()) throw LimitException.characters(out.maxCharacters());
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    private void flush() throws SAXException {
        if (buf.isEmpty()) return;
        String t = buf.toString();
        buf.setLength(0);
        if (heading > 0) {
            out.heading(heading, t, currentPage());
        } else {
            out.paragraph(t, currentPage(), false);
        }
    }

    private Integer currentPage() {
        return paged ? Math.max(page, 1) : null;
    }

    private void tick() throws LimitException {
        if ((++events & 0xFF) == 0 && System.nanoTime() > deadline) throw LimitException.time(timeout);
    }

    private static String name(String localName, String qName) {
        String n = localName == null || localName.isEmpty() ? qName : localName;
        return n.toLowerCase(Locale.ROOT);
    }

    private static boolean isBlock(String name) {
        return switch (name) {
            case "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "table", "tbody", "thead", "tfoot",
                 "caption", "section", "article", "header", "footer", "aside", "nav", "main", "figure", "figcaption",
                 "address", "hr" -> true;
            default -> false;
        };
    }
}
