package io.llmsvc.runtime.web;

import tools.jackson.core.JacksonException;

/** Helpers that turn Jackson's parse errors into short, client-safe descriptions. */
final class JsonErrors {

    static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String typeName(Class<?> t) {
        if (t == String.class) return "a string";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "an integer";
        if (t == Float.class || t == float.class || t == Double.class || t == double.class) return "a number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) return "an array";
        if (t.isEnum()) return "one of " + java.util.Arrays.toString(t.getEnumConstants());
        return "an object";
    }

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("^Duplicate Object property \"(.*)\"$", java.util.regex.Pattern.DOTALL);

    /**
     * The name given twice in one object when {@code e} is the parser's duplicate check
     * ({@link tools.jackson.core.StreamReadFeature#STRICT_DUPLICATE_DETECTION}), else null.
     */
    static String duplicateField(JacksonException e) {
        if (!(e instanceof tools.jackson.core.exc.StreamReadException) || e.getOriginalMessage() == null) return null;
        var m = DUPLICATE.matcher(e.getOriginalMessage());
        return m.matches() ? firstLine(m.group(1)) : null;
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl > 0 ? s.substring(0, nl) : s;
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private JsonErrors() {}
}
