package io.llmsvc.agents.documents;

import io.llmsvc.api.LlmsvcException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Who may read a document: {@code private} (its owner; the default), {@code everyone}, or {@code role:<name>}. */
final class Visibility {
    static final String PRIVATE = "private";
    static final String EVERYONE = "everyone";
    private static final Pattern ROLE = Pattern.compile("role:[a-z0-9_-]{1,64}");

    /** The normalised value; blank means private; anything else is a 400 naming {@code visibility}. */
    static String parse(String value) {
        if (value == null || value.isBlank()) return PRIVATE;
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals(PRIVATE) || v.equals(EVERYONE) || ROLE.matcher(v).matches()) return v;
        throw LlmsvcException.invalid("visibility",
                "visibility must be private, everyone or role:<name> (a role of lower-case letters, digits, '-' or '_')");
    }

    private Visibility() {}
}
