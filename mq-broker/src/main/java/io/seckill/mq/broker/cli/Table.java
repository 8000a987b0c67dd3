package io.seckill.mq.broker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals and {@code awk}: a header row, then one line per row, every
 * column left-aligned to its widest cell and separated by two spaces; no trailing blanks. Cells
 * must not contain line breaks. Not thread-safe: build, then print once.
 */
final class Table {

    static final String NONE = "-";
    private static final String GAP = "  ";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; {@code null} cells print as {@value #NONE}. */
    Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? NONE : cell.toString()).toList());
        return this;
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out) {
        int[] widths = widths();
        out.println(line(header, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private int[] widths() {
        int[] widths = header.stream().mapToInt(String::length).toArray();
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        return widths;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            line.append(cell);
            if (column < cells.size() - 1) {
                line.append(" ".repeat(widths[column] - cell.length())).append(GAP);
            }
        }
        return line.toString().stripTrailing();
    }
}
