package io.llmsvc.agents.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled evaluation set {@code router/eval.tsv} (language, intent, message, note), kept apart from training. */
record EvalSet(List<Item> items) {

    record Item(String language, String intent, String text, boolean hard) {}

    static EvalSet load() {
        try (InputStream in = EvalSet.class.getClassLoader().getResourceAsStream("router/eval.tsv")) {
            List<Item> items = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                if (f.length < 3) throw new IllegalStateException("bad eval line: " + line);
                items.add(new Item(f[0], f[1], f[2], f.length > 3 && f[3].strip().equals("hard")));
            }
            return new EvalSet(List.copyOf(items));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
