package io.llmsvc.worker.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON the way Hugging Face's {@code tojson} writes it ({@code json.dumps(x, ensure_ascii=False)}): {@code ", "} and
 * {@code ": "} separators, optional {@code indent} and {@code sort_keys}, non-ASCII text as is. Jinjava's own
 * {@code tojson} is compact, which changes prompts that embed tool definitions or arguments.
 */
final class PyJson {

    private PyJson() {}

    static String dumps(Object value, Integer indent, boolean sortKeys, boolean ensureAscii) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, 0, sortKeys, ensureAscii);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, Integer indent, int level, boolean sortKeys,
                              boolean ensureAscii) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> writeString(sb, s, ensureAscii);
            case Boolean b -> sb.append(b ? "true" : "false");
            case Double d -> sb.append(pyFloat(d));
            case Float f -> sb.append(pyFloat(f.doubleValue()));
            case BigDecimal d -> sb.append(d.toPlainString());
            case Number n -> sb.append(n);
            case Map<?, ?> map -> {
                Map<?, ?> entries = sortKeys ? stringKeys(map) : map;
                writeContainer(sb, '{', '}', entries.entrySet().iterator(), indent, level, (e, lvl) -> {
                    Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                    writeString(sb, String.valueOf(entry.getKey()), ensureAscii);
                    sb.append(": ");
                    write(sb, entry.getValue(), indent, lvl, sortKeys, ensureAscii);
                });
            }
            case Iterable<?> items -> writeContainer(sb, '[', ']', items.iterator(), indent, level,
                    (item, lvl) -> write(sb, item, indent, lvl, sortKeys, ensureAscii));
            case Object[] array -> write(sb, List.of(array), indent, level, sortKeys, ensureAscii);
            default -> writeString(sb, value.toString(), ensureAscii);
        }
    }

    private interface ItemWriter {
        void write(Object item, int level);
    }

    private static void writeContainer(StringBuilder sb, char open, char close, Iterator<?> items, Integer indent,
                                       int level, ItemWriter writer) {
        sb.append(open);
        if (!items.hasNext()) {
            sb.append(close);
            return;
        }
        boolean first = true;
        while (items.hasNext()) {
            if (!first) sb.append(indent == null ? ", " : ",");
            if (indent != null) sb.append('\n').append(" ".repeat(indent * (level + 1)));
            writer.write(items.next(), level + 1);
            first = false;
        }
        if (indent != null) sb.append('\n').append(" ".repeat(indent * level));
        sb.append(close);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new TreeMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static void writeString(StringBuilder sb, String s, boolean ensureAscii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** Python's float repr: {@code 1.0}, {@code 0.001}, {@code 1e+16}, {@code 1.5e-05}, {@code NaN}, {@code Infinity}. */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        double abs = Math.abs(d);
        String java = Double.toString(d);
        if (abs == 0 || (abs >= 1e-4 && abs < 1e16)) {
            String plain = new BigDecimal(java).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        int e = java.indexOf('E');
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        int exponent = Integer.parseInt(java.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /** The {@code tojson} filter: {@code x | tojson}, {@code x | tojson(indent=2)}, {@code sort_keys}, {@code ensure_ascii}. */
    static final class ToJsonFilter implements Filter {
        @Override
        public String getName() { return "tojson"; }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            Integer indentSpaces = indent == null ? null
                    : indent instanceof Number n ? Integer.valueOf(n.intValue()) : Integer.valueOf(indent.toString());
            return dumps(var, indentSpaces, truthy(kwargs.get("sort_keys")), truthy(kwargs.get("ensure_ascii")));
        }

        private static boolean truthy(Object o) {
            return o instanceof Boolean b ? b : o != null && Boolean.parseBoolean(o.toString());
        }
    }
}
