package io.llmsvc.server.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: options that take a value ({@code --url URL} or {@code --url=URL}), switches
 * ({@code --admin}), server settings ({@code --name=value} for any other name) and positional arguments. An unknown
 * option or a missing value is a usage error.
 */
record CliArgs(Map<String, List<String>> options, Set<String> switches, List<String> settings, List<String> positional) {

    static CliArgs parse(String[] args, Set<String> valued, Set<String> switchNames) {
        return parse(args, valued, switchNames, true);
    }

    /** @param settings whether {@code --name=value} server settings are taken (else they are unknown options) */
    static CliArgs parse(String[] args, Set<String> valued, Set<String> switchNames, boolean settings) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> switches = new HashSet<>();
        List<String> given = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (valued.contains(name)) {
                String v;
                if (eq > 0 && a.startsWith("--")) v = a.substring(eq + 1);
                else if (i + 1 < args.length) v = args[++i];
                else throw new CliException(a + " needs a value", 2);
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
            } else if (switchNames.contains(a)) {
                switches.add(a);
            } else if (settings && a.startsWith("--") && eq > 2) {
                given.add(a);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new CliException("unknown option " + (eq > 0 ? a.substring(0, eq) : a) + " (options: "
                        + String.join(" ", sorted(valued, switchNames)) + (settings ? ", or --name=value settings)" : ")"), 2);
            } else {
                positional.add(a);
            }
        }
        return new CliArgs(options, switches, given, positional);
    }

    private static List<String> sorted(Set<String> a, Set<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l.stream().sorted().toList();
    }

    String value(String name) {
        List<String> v = options.get(name);
        return v == null ? null : v.getLast();
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return switches.contains(name);
    }
}
