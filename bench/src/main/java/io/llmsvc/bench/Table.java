package io.llmsvc.bench;

import java.util.ArrayList;
import java.util.List;

/** Prints a Markdown table, so that the output can be pasted into the README as it is. */
final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header;
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    void print() {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) w[i] = header[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        line(header, w);
        StringBuilder sep = new StringBuilder("|");
        for (int x : w) sep.append('-').append("-".repeat(x)).append("-|");
        System.out.println(sep);
        for (String[] r : rows) line(r, w);
        System.out.println();
        System.out.flush();
    }

    private static void line(String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
        }
        System.out.println(sb);
    }
}
