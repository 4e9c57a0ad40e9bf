package io.llmsvc.worker.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The named built-in templates: Jinja text in {@code templates/<name>.jinja}, described (tokens, stop strings,
 * detection hints) in {@code templates/index.json}. Nothing here knows a format; adding one is adding data.
 */
final class BuiltinTemplates {

    /** One built-in: its Jinja source and the family's usual BOS/EOS text and turn-ending stop strings. */
    record Builtin(String name, String description, String source, String bos, String eos, List<String> stop,
                   List<String> detect) {}

    record Index(Map<String, Entry> templates, List<Marker> turnEndMarkers) {}

    record Entry(String description, String bos, String eos, List<String> stop, List<String> detect) {}

    /** A text that ends a turn when a template contains it, unless the template also contains {@code unless}. */
    record Marker(String text, String unless) {}

    private static final String DIR = "/templates/";
    private static final BuiltinTemplates INSTANCE = load();

    private final Map<String, Builtin> byName;
    private final List<Marker> markers;

    private BuiltinTemplates(Map<String, Builtin> byName, List<Marker> markers) {
        this.byName = byName;
        this.markers = markers;
    }

    static BuiltinTemplates get() { return INSTANCE; }

    Optional<Builtin> find(String name) { return Optional.ofNullable(byName.get(name)); }

    /** Names in index order (which is also the order {@link #guess} tries them). */
    List<String> names() { return List.copyOf(byName.keySet()); }

    /** The first built-in whose detection strings all occur in {@code templateText}. */
    Optional<Builtin> guess(String templateText) {
        return byName.values().stream()
                .filter(b -> !b.detect().isEmpty() && b.detect().stream().allMatch(templateText::contains))
                .findFirst();
    }

    /** Turn-ending marker texts that occur in {@code templateText}, in index order. */
    List<String> turnEndMarkers(String templateText) {
        Set<String> found = new LinkedHashSet<>();
        for (Marker m : markers) {
            if (templateText.contains(m.text()) && (m.unless() == null || !templateText.contains(m.unless()))) {
                found.add(m.text());
            }
        }
        return List.copyOf(found);
    }

    private static BuiltinTemplates load() {
        Index index;
        try (InputStream in = resource("index.json")) {
            index = JsonMapper.builder().build().readValue(in, Index.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Builtin> byName = new LinkedHashMap<>();
        index.templates().forEach((name, e) -> byName.put(name, new Builtin(name, e.description(), read(name + ".jinja"),
                nullToEmpty(e.bos()), nullToEmpty(e.eos()), listOrEmpty(e.stop()), listOrEmpty(e.detect()))));
        return new BuiltinTemplates(byName, listOrEmpty(index.turnEndMarkers()));
    }

    private static InputStream resource(String file) {
        InputStream in = BuiltinTemplates.class.getResourceAsStream(DIR + file);
        if (in == null) throw new IllegalStateException("missing classpath resource " + DIR + file);
        return in;
    }

    private static String read(String file) {
        try (InputStream in = resource(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nullToEmpty(String s) { return s == null ? "" : s; }

    private static <T> List<T> listOrEmpty(List<T> list) { return list == null ? List.of() : new ArrayList<>(list); }
}
