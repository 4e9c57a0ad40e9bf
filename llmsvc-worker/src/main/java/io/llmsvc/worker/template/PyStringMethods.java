package io.llmsvc.worker.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The Python {@code str} methods chat templates call ({@code content.startswith(..)}, {@code .split(..)[-1]},
 * {@code .rstrip('\n')}, {@code .title()}, ...) and negative string indexes, which Jinjava does not have because its
 * strings are Java strings. Anything else falls through to Jinjava's own resolver.
 */
final class PyStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name)) return null;
        Object[] p = params == null ? new Object[0] : params;
        Object result = switch (name) {
            case "strip" -> strip(s, arg(p, 0), true, true);
            case "lstrip" -> strip(s, arg(p, 0), true, false);
            case "rstrip" -> strip(s, arg(p, 0), false, true);
            case "startswith" -> matchesAny(arg(p, 0), s::startsWith);
            case "endswith" -> matchesAny(arg(p, 0), s::endsWith);
            case "split" -> split(s, arg(p, 0), maxSplit(p), false);
            case "rsplit" -> split(s, arg(p, 0), maxSplit(p), true);
            case "splitlines" -> new ArrayList<Object>(s.lines().toList());
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> replace(s, str(arg(p, 0)), str(arg(p, 1)), p.length > 2 ? toInt(p[2]) : -1);
            case "find" -> (long) s.indexOf(str(arg(p, 0)));
            case "count" -> count(s, str(arg(p, 0)));
            case "join" -> join(s, arg(p, 0));
            default -> null;
        };
        if (result != null) context.setPropertyResolved(true);
        return result;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        // Python's s[-1]; Jinjava resolves non-negative indexes and slices itself.
        if (base instanceof String s && negativeIndex(property) < 0) {
            long i = s.length() + negativeIndex(property);
            if (i >= 0) {
                context.setPropertyResolved(true);
                return String.valueOf(s.charAt((int) i));
            }
        }
        return null;
    }

    /** The index when {@code property} is a negative integer (Jinjava may pass it as text), else 0. */
    private static long negativeIndex(Object property) {
        if (property instanceof Number n) return Math.min(n.longValue(), 0);
        if (property instanceof String text && text.matches("-\\d{1,9}")) return Long.parseLong(text);
        return 0;
    }

    private static Object arg(Object[] params, int i) { return i < params.length ? params[i] : null; }

    private static String str(Object o) { return o == null ? "" : o.toString(); }

    private static int toInt(Object o) { return o instanceof Number n ? n.intValue() : Integer.parseInt(str(o)); }

    private static int maxSplit(Object[] p) { return p.length > 1 && p[1] != null ? toInt(p[1]) : -1; }

    private static boolean isPySpace(char c) { return Character.isWhitespace(c) || Character.isSpaceChar(c); }

    private static String strip(String s, Object chars, boolean left, boolean right) {
        String set = chars == null ? null : chars.toString();
        int from = 0;
        int to = s.length();
        while (left && from < to && stripped(s.charAt(from), set)) from++;
        while (right && to > from && stripped(s.charAt(to - 1), set)) to--;
        return s.substring(from, to);
    }

    private static boolean stripped(char c, String set) { return set == null ? isPySpace(c) : set.indexOf(c) >= 0; }

    private static Boolean matchesAny(Object prefixes, java.util.function.Predicate<String> test) {
        if (prefixes instanceof Collection<?> many) {
            for (Object one : many) {
                if (test.test(str(one))) return true;
            }
            return false;
        }
        return test.test(str(prefixes));
    }

    private static List<Object> split(String s, Object sep, int maxSplit, boolean fromRight) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            // Python: runs of whitespace, no empty strings.
            String rest = s.strip();
            if (rest.isEmpty()) return parts;
            Pattern ws = Pattern.compile("[\\s\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]+");
            if (!fromRight || maxSplit < 0) {
                for (String part : ws.split(rest, maxSplit < 0 ? -1 : maxSplit + 1)) parts.add(part);
                return parts;
            }
            String[] all = ws.split(rest);
            return splitTail(all, " ", maxSplit);
        }
        String separator = sep.toString();
        if (separator.isEmpty()) throw new IllegalArgumentException("empty separator");
        String[] all = s.split(Pattern.quote(separator), -1);
        if (maxSplit < 0 || all.length <= maxSplit + 1) {
            parts.addAll(List.of((Object[]) all));
            return parts;
        }
        if (!fromRight) {
            parts.addAll(List.of((Object[]) s.split(Pattern.quote(separator), maxSplit + 1)));
            return parts;
        }
        return splitTail(all, separator, maxSplit);
    }

    /** rsplit with a limit: the leading pieces joined back, then the last {@code maxSplit} pieces. */
    private static List<Object> splitTail(String[] all, String separator, int maxSplit) {
        List<Object> parts = new ArrayList<>();
        int head = all.length - maxSplit;
        parts.add(String.join(separator, List.of(all).subList(0, head)));
        parts.addAll(List.of(all).subList(head, all.length));
        return parts;
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) return s.replace(old, replacement);
        String result = s;
        int from = 0;
        for (int n = 0; n < count; n++) {
            int i = result.indexOf(old, from);
            if (i < 0) break;
            result = result.substring(0, i) + replacement + result.substring(i + old.length());
            from = i + replacement.length();
        }
        return result;
    }

    private static Long count(String s, String sub) {
        if (sub.isEmpty()) return (long) s.length() + 1;
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }

    private static String join(String separator, Object items) {
        if (!(items instanceof Iterable<?> iterable)) return str(items);
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Object item : iterable) {
            if (!first) sb.append(separator);
            sb.append(str(item));
            first = false;
        }
        return sb.toString();
    }

    // Read-only resolver: the remaining ELResolver methods decline everything.

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) { return null; }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) { return null; }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) { return null; }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) { return false; }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}
}
