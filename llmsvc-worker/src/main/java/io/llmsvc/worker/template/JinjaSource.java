package io.llmsvc.worker.template;

/**
 * Rewrites Jinja source into the subset Jinjava lexes the way Jinja2 does. Jinjava 2.8 ignores the {@code -} of
 * {@code {{-}/{@code -}}} and of comments, which nearly every recent chat template relies on, so this applies that
 * whitespace control here, removes comments (with {@code lstrip_blocks}/{@code trim_blocks} as Jinja2 applies them
 * to comments), and drops the single trailing newline Jinja2 drops ({@code keep_trailing_newline=False}). Block tags
 * ({@code {%- ... -%}}) are left to Jinjava, which handles them; {@code {% raw %}} sections are copied untouched.
 */
final class JinjaSource {

    private JinjaSource() {}

    static String normalize(String source) {
        String text = source.endsWith("\r\n") ? source.substring(0, source.length() - 2)
                : source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            int open = nextTagStart(text, i);
            if (open < 0) {
                out.append(text, i, n);
                break;
            }
            out.append(text, i, open);
            char kind = text.charAt(open + 1);
            boolean stripBefore = open + 2 < n && text.charAt(open + 2) == '-';
            if (kind == '#') {
                int close = text.indexOf("#}", open + 2);
                if (close < 0) { // unterminated comment: let Jinjava report it
                    out.append(text, open, n);
                    break;
                }
                boolean stripAfter = text.charAt(close - 1) == '-' && close - 1 > open + 2;
                if (stripBefore) stripTrailingWhitespace(out);
                else stripLineIndent(out);
                i = close + 2;
                if (stripAfter) i = skipWhitespace(text, i);
                else if (i < n && text.charAt(i) == '\n') i++;
                else if (text.startsWith("\r\n", i)) i += 2;
                continue;
            }
            int close = tagEnd(text, open + 2, kind == '{' ? "}}" : "%}");
            if (close < 0) {
                out.append(text, open, n);
                break;
            }
            String inner = text.substring(open + 2, close);
            if (kind == '%') {
                out.append(text, open, close + 2);
                i = close + 2;
                if (isTag(inner, "raw")) {
                    int end = findEndRaw(text, i);
                    out.append(text, i, end);
                    i = end;
                }
                continue;
            }
            boolean stripAfter = inner.endsWith("-") && inner.length() > (stripBefore ? 1 : 0);
            if (stripBefore) {
                stripTrailingWhitespace(out);
                inner = inner.substring(1);
            }
            if (stripAfter) inner = inner.substring(0, inner.length() - 1);
            out.append("{{").append(inner).append("}}");
            i = close + 2;
            if (stripAfter) i = skipWhitespace(text, i);
        }
        return out.toString();
    }

    private static int nextTagStart(String text, int from) {
        for (int i = text.indexOf('{', from); i >= 0 && i + 1 < text.length(); i = text.indexOf('{', i + 1)) {
            char c = text.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
        }
        return -1;
    }

    /** Index of the closing delimiter, skipping string literals inside the tag; -1 when there is none. */
    private static int tagEnd(String text, int from, String delimiter) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (text.startsWith(delimiter, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isTag(String inner, String name) {
        String s = inner.strip();
        if (s.startsWith("-")) s = s.substring(1);
        if (s.endsWith("-")) s = s.substring(0, s.length() - 1);
        return s.strip().equals(name);
    }

    private static int findEndRaw(String text, int from) {
        for (int i = text.indexOf("{%", from); i >= 0; i = text.indexOf("{%", i + 2)) {
            int close = text.indexOf("%}", i + 2);
            if (close < 0) break;
            if (isTag(text.substring(i + 2, close), "endraw")) return i;
        }
        return text.length();
    }

    private static void stripTrailingWhitespace(StringBuilder out) {
        int end = out.length();
        while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) end--;
        out.setLength(end);
    }

    /** lstrip_blocks for a comment: drop spaces and tabs between the start of the line and the comment. */
    private static void stripLineIndent(StringBuilder out) {
        int end = out.length();
        int i = end;
        while (i > 0 && (out.charAt(i - 1) == ' ' || out.charAt(i - 1) == '\t')) i--;
        if (i == 0 || out.charAt(i - 1) == '\n') out.setLength(i);
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }
}
