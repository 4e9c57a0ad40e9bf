package io.llmsvc.agents.documents.storage;

import java.text.Normalizer;

/**
 * Display names for uploaded files. A name is only ever shown and stored as text, never used as a path; it is still
 * cleaned so that it cannot smuggle a path, control characters or text-direction tricks into lists and citations.
 */
public final class FileNames {
    /** Longest name kept, in characters (the extension is kept when the name is cut). */
    public static final int MAX_LENGTH = 200;
    static final String FALLBACK = "document";

    /**
     * Drops any directory part (either slash), control and format characters (including bidirectional overrides;
     * whitespace such as tabs and line breaks becomes a space),
     * normalises to NFC (names from macOS arrive decomposed, which matters for Korean), trims spaces and dots at both
     * ends and limits the length. {@code ../../etc/passwd} becomes {@code passwd}; a name with nothing left becomes
     * {@code document}.
     */
    public static String sanitize(String name) {
        if (name == null) return FALLBACK;
        String s = Normalizer.normalize(name, Normalizer.Form.NFC);
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        if (cut >= 0) s = s.substring(cut + 1);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                b.append(' ');
                return;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE) return;
            b.appendCodePoint(cp);
        });
        s = b.toString().replaceAll(" {2,}", " ");
        s = s.replaceAll("^[ .]+|[ .]+$", "");
        if (s.isEmpty()) return FALLBACK;
        return limit(s);
    }

    private static String limit(String s) {
        if (s.codePointCount(0, s.length()) <= MAX_LENGTH) return s;
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
        String base = ext.isEmpty() ? s : s.substring(0, dot);
        int keep = MAX_LENGTH - ext.codePointCount(0, ext.length());
        base = base.substring(0, base.offsetByCodePoints(0, Math.min(keep, base.codePointCount(0, base.length()))));
        return base.strip() + ext;
    }

    private FileNames() {}
}
