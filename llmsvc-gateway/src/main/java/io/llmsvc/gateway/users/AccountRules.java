package io.llmsvc.gateway.users;

import io.llmsvc.api.LlmsvcException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for usernames and passwords beyond their length and characters. Usernames are compared in NFKC form
 * (full-width {@code ａｌｉｃｅ} is {@code alice}); a name may not mix Latin with Cyrillic or Greek letters (the
 * look-alike scripts: Cyrillic {@code а} in {@code аlice}); sign-up may not take the names of the system's own
 * accounts. Passwords may not be blank, one repeated character, a run such as {@code abcdefghij}, or one of the
 * commonly used passwords in {@code common-passwords.txt}.
 */
final class AccountRules {
    /** Names a self-service sign-up may not take (an admin may still create them). */
    static final Set<String> RESERVED = Set.of("admin", "administrator", "bootstrap", "bootstrap-admin", "root", "system",
            "llmsvc", "support", "security", "operator", "superuser");
    private static final Set<String> COMMON = load();

    private AccountRules() {}

    /** The form a username is stored and looked up in. */
    static String normalize(String username) {
        return username == null ? null : Normalizer.normalize(username, Normalizer.Form.NFKC).strip();
    }

    /** 400 when the (normalized) name mixes Latin with a look-alike script. */
    static void checkScripts(String username) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        username.codePoints().filter(Character::isLetter).forEach(c -> scripts.add(Character.UnicodeScript.of(c)));
        if (scripts.contains(Character.UnicodeScript.LATIN)
                && (scripts.contains(Character.UnicodeScript.CYRILLIC) || scripts.contains(Character.UnicodeScript.GREEK))) {
            throw LlmsvcException.invalid("username", "username must not mix Latin letters with Cyrillic or Greek ones"
                    + " (they look alike); use one script");
        }
    }

    /** 400 for a name reserved for the system's own accounts (sign-up only). */
    static void checkNotReserved(String username) {
        if (RESERVED.contains(username.toLowerCase(Locale.ROOT))) {
            throw LlmsvcException.invalid("username", "the username '" + username + "' is reserved; choose another");
        }
    }

    /** 400 for a password that is easy to guess, whatever its length. */
    static void checkStrength(String password, String field) {
        String p = password.strip();
        if (p.isEmpty()) throw LlmsvcException.invalid(field, field + " must not be blank");
        if (p.codePoints().distinct().count() < 4) {
            throw LlmsvcException.invalid(field, field + " must use at least 4 different characters");
        }
        if (isRun(p)) throw LlmsvcException.invalid(field, field + " must not be a run of characters such as 1234567890");
        if (COMMON.contains(p.toLowerCase(Locale.ROOT))) {
            throw LlmsvcException.invalid(field, field + " is one of the most commonly used passwords; choose another");
        }
    }

    /** Whether every character is the previous one plus or minus one ({@code abcdefghij}, {@code 9876543210}). */
    private static boolean isRun(String p) {
        int[] c = p.toLowerCase(Locale.ROOT).codePoints().toArray();
        int step = c[1] - c[0];
        if (Math.abs(step) != 1) return false;
        for (int i = 2; i < c.length; i++) if (c[i] - c[i - 1] != step) return false;
        return true;
    }

    private static Set<String> load() {
        var in = AccountRules.class.getResourceAsStream("common-passwords.txt");
        if (in == null) throw new IllegalStateException("common-passwords.txt is missing from the classpath");
        Set<String> out = new HashSet<>();
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
