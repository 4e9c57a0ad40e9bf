package io.llmsvc.agents.router.intents;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an intents file (YAML, or JSON, which YAML reads too):
 * <pre>
 * intents:
 *   - name: document_search
 *     target: documents
 *     description: Questions answered from uploaded documents ...
 *     examples:
 *       en: ["What does the handbook say about overtime?", ...]
 *       ko: ["취업규칙에 야근 수당 어떻게 나와 있어?", ...]
 * </pre>
 * {@code examples} is either a map from a language code to a list, or a plain list. {@code description} and
 * {@code target} may be left out when the file extends a built-in intent. Structure errors become
 * {@link InvalidSettingException}s naming the setting.
 */
final class IntentsFile {

    /** One intent as written; description and target may be null. */
    record Entry(String name, String description, String target, List<Intent.Example> examples) {}

    static List<Entry> parse(InputStream in, String setting) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(new SafeConstructor(options)).load(in);
        } catch (YAMLException e) {
            throw new InvalidSettingException(setting, "not valid YAML/JSON: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("intents") instanceof List<?> list)) {
            throw new InvalidSettingException(setting, "expected a map with a list under 'intents'");
        }
        List<Entry> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) throw new InvalidSettingException(setting, "every entry of 'intents' must be a map");
            String name = string(m, "name", setting);
            if (name == null) throw new InvalidSettingException(setting, "an intent has no 'name'");
            for (Object key : m.keySet()) {
                if (!List.of("name", "description", "target", "examples").contains(String.valueOf(key))) {
                    throw new InvalidSettingException(setting, "intent '" + name + "' has an unknown key '" + key + "'");
                }
            }
            out.add(new Entry(name, string(m, "description", setting), string(m, "target", setting),
                    examples(m.get("examples"), name, setting)));
        }
        return out;
    }

    private static List<Intent.Example> examples(Object node, String intent, String setting) {
        List<Intent.Example> out = new ArrayList<>();
        if (node == null) return out;
        if (node instanceof List<?> list) {
            addAll(list, "", out, intent, setting);
        } else if (node instanceof Map<?, ?> byLanguage) {
            for (var e : byLanguage.entrySet()) {
                if (!(e.getValue() instanceof List<?> list)) {
                    throw new InvalidSettingException(setting, "examples of '" + intent + "' in '" + e.getKey() + "' must be a list");
                }
                addAll(list, String.valueOf(e.getKey()), out, intent, setting);
            }
        } else {
            throw new InvalidSettingException(setting, "examples of '" + intent + "' must be a list or a map of language to list");
        }
        return out;
    }

    private static void addAll(List<?> list, String language, List<Intent.Example> out, String intent, String setting) {
        for (Object o : list) {
            if (!(o instanceof String s)) throw new InvalidSettingException(setting, "an example of '" + intent + "' is not a string: " + o);
            out.add(new Intent.Example(s, language));
        }
    }

    private static String string(Map<?, ?> m, String key, String setting) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new InvalidSettingException(setting, "'" + key + "' must be a string, got " + v);
        return s;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private IntentsFile() {}
}
