package io.llmsvc.agents.router.intents;

import io.llmsvc.agents.router.features.TextNormalizer;
import io.llmsvc.runtime.config.InvalidSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The intents the router knows, in a stable order (the built-in ones first, then added ones in file order).
 * The built-in set is the resource {@code agents/intents.yaml}; an operator's file ({@code llmsvc.router.intents-file},
 * same format, YAML or JSON) either <b>extends</b> it (default: a known name gets the file's examples appended and its
 * description/target replaced when given; a new name is added) or <b>replaces</b> it ({@code
 * llmsvc.router.intents-mode=replace}). Every catalog is validated: unique names of lower-case letters, digits,
 * {@code _} and {@code -}; a description, a target and at least one example each; an intent named
 * {@value #FALLBACK} (where unsure messages go); no example under two intents. Immutable.
 */
public final class IntentCatalog {
    /** The intent a message gets when the router is not confident enough. */
    public static final String FALLBACK = "general";
    static final String BUILTIN_RESOURCE = "agents/intents.yaml";
    static final String FILE_SETTING = "llmsvc.router.intents-file";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final List<Intent> intents;
    private final Map<String, Integer> index;

    private IntentCatalog(List<Intent> intents) {
        this.intents = List.copyOf(intents);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < intents.size(); i++) idx.put(intents.get(i).name(), i);
        this.index = Map.copyOf(idx);
    }

    /** The built-in intents ({@code document_search}, {@code employee_analysis}, {@code client_info}, {@code general}). */
    public static IntentCatalog builtin() {
        try (InputStream in = IntentCatalog.class.getClassLoader().getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + BUILTIN_RESOURCE + " is missing");
            List<IntentsFile.Entry> entries = IntentsFile.parse(in, BUILTIN_RESOURCE);
            return build(merge(List.of(), entries, "built-in intents"), "built-in intents");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSettingException e) {
            throw new IllegalStateException("the built-in intents are invalid: " + e.getMessage(), e);
        }
    }

    /**
     * The intents to use: the built-in set, extended or replaced by {@code file} when it is set.
     *
     * @param file    path of an intents file, or null/blank for the built-in set alone
     * @param replace true to use the file's intents only
     * @throws InvalidSettingException naming {@code llmsvc.router.intents-file} when the file is missing, unreadable or
     *                                 invalid
     */
    public static IntentCatalog configured(String file, boolean replace) {
        if (file == null || file.isBlank()) return builtin();
        Path path = Path.of(file.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidSettingException(FILE_SETTING, "'" + file + "' is not a readable file");
        }
        List<IntentsFile.Entry> entries;
        try (InputStream in = Files.newInputStream(path)) {
            entries = IntentsFile.parse(in, FILE_SETTING);
        } catch (IOException e) {
            throw new InvalidSettingException(FILE_SETTING, "cannot read '" + file + "': " + e.getMessage());
        }
        List<Intent> base = replace ? List.of() : builtin().intents();
        return build(merge(base, entries, FILE_SETTING), FILE_SETTING);
    }

    public List<Intent> intents() { return intents; }

    public List<String> names() { return intents.stream().map(Intent::name).toList(); }

    public int size() { return intents.size(); }

    /** Position of {@code name} in {@link #intents()}, or -1. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public Optional<Intent> find(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(intents.get(i));
    }

    /** Applies file entries to a base list: known names are extended, new names appended. */
    private static List<Intent> merge(List<Intent> base, List<IntentsFile.Entry> entries, String setting) {
        Map<String, Intent> out = new LinkedHashMap<>();
        for (Intent i : base) out.put(i.name(), i);
        Set<String> inFile = new LinkedHashSet<>();
        for (IntentsFile.Entry e : entries) {
            if (!inFile.add(e.name())) throw new InvalidSettingException(setting, "intent '" + e.name() + "' is defined twice");
            Intent old = out.get(e.name());
            if (old == null) {
                out.put(e.name(), new Intent(e.name(), e.description(), e.target(), e.examples()));
            } else {
                List<Intent.Example> ex = new ArrayList<>(old.examples());
                ex.addAll(e.examples());
                out.put(e.name(), new Intent(e.name(), e.description() != null ? e.description() : old.description(),
                        e.target() != null ? e.target() : old.target(), ex));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Validates, drops repeated examples within an intent, and freezes. */
    private static IntentCatalog build(List<Intent> intents, String setting) {
        if (intents.size() < 2) throw new InvalidSettingException(setting, "at least two intents are needed, found " + intents.size());
        Map<String, String> owner = new HashMap<>(); // normalized example -> intent
        List<Intent> clean = new ArrayList<>();
        for (Intent i : intents) {
            String name = i.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidSettingException(setting, "intent name '" + name + "' must be 1-64 lower-case letters, digits, '_' or '-'");
            }
            if (blank(i.description())) throw new InvalidSettingException(setting, "intent '" + name + "' needs a description");
            if (blank(i.target())) throw new InvalidSettingException(setting, "intent '" + name + "' needs a target");
            List<Intent.Example> examples = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (Intent.Example ex : i.examples()) {
                String norm = TextNormalizer.normalize(ex.text());
                if (norm.isEmpty()) throw new InvalidSettingException(setting, "intent '" + name + "' has an empty example");
                String other = owner.putIfAbsent(norm, name);
                if (other != null && !other.equals(name)) {
                    throw new InvalidSettingException(setting, "the example '" + ex.text().strip() + "' is listed under both '"
                            + other + "' and '" + name + "'");
                }
                if (seen.add(norm)) examples.add(new Intent.Example(ex.text().strip(), ex.language()));
            }
            if (examples.isEmpty()) throw new InvalidSettingException(setting, "intent '" + name + "' has no examples");
            clean.add(new Intent(name, i.description().strip(), i.target().strip(), examples));
        }
        if (clean.stream().noneMatch(i -> i.name().equals(FALLBACK))) {
            throw new InvalidSettingException(setting, "an intent named '" + FALLBACK + "' is required (unsure messages go there)");
        }
        return new IntentCatalog(clean);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
