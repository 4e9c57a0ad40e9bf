package io.llmsvc.jobs.storage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** File names as users give them, made safe to store and to send back: never a path, never a header injection. */
public final class FileNames {
    static final int MAX = 255;

    private FileNames() {}

    /** The last path segment, without control characters, trimmed, at most 255 characters; {@code file} when empty. */
    public static String clean(String name) {
        if (name == null) return "file";
        String n = Normalizer.normalize(name, Normalizer.Form.NFC);
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        if (slash >= 0) n = n.substring(slash + 1);
        StringBuilder sb = new StringBuilder();
        n.codePoints().filter(c -> !Character.isISOControl(c) && c != '"' && c != ':' && c != '*' && c != '?' && c != '<' && c != '>' && c != '|')
                .forEach(sb::appendCodePoint);
        String out = sb.toString().strip();
        while (out.startsWith(".")) out = out.substring(1);
        if (out.isEmpty()) return "file";
        return out.length() > MAX ? out.substring(0, MAX) : out;
    }

    /** A Content-Disposition value that downloads as {@code name} (ASCII fallback plus RFC 5987 UTF-8). */
    public static String attachment(String name) {
        String clean = clean(name);
        String ascii = clean.replaceAll("[^A-Za-z0-9._ -]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(clean, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
