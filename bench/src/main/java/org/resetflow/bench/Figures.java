package org.resetflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one application measured, figure by figure, and the table that sets several applications side by side with
 * each one's ratio to a reference (the plain endpoint), so figures from one run are read as ratios.
 */
final class Figures {

    final String name;
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, String> formats = new LinkedHashMap<>();
    private final Set<String> withoutRatio = new LinkedHashSet<>();

    Figures(String name) {
        this.name = name;
    }

    /** A figure whose ratio to the reference means something (a rate, a time, a size). */
    void put(String figure, double value, String format) {
        values.put(figure, value);
        formats.put(figure, format);
    }

    /** A count, a target value (1.0, 0) or a test statistic: no ratio. */
    void count(String figure, double value, String format) {
        put(figure, value, format);
        withoutRatio.add(figure);
    }

    double get(String figure) {
        return values.getOrDefault(figure, Double.NaN);
    }

    /** Prints the figures of every run as a Markdown table, with a ratio column to {@code reference} per run. */
    static void print(List<Figures> runs, Figures reference) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.values.keySet()));
        List<String> header = new ArrayList<>(List.of("figure"));
        runs.forEach(r -> header.add(r.name));
        if (reference != null) {
            runs.stream().filter(r -> r != reference).forEach(r -> header.add(r.name + "/" + reference.name));
        }
        System.out.println();
        System.out.println("| " + String.join(" | ", header) + " |");
        System.out.println("|" + "---|".repeat(header.size()));
        for (String figure : names) {
            List<String> row = new ArrayList<>(List.of(figure));
            String format = runs.stream().map(r -> r.formats.get(figure)).filter(f -> f != null).findFirst()
                    .orElse("%.2f");
            for (Figures r : runs) {
                double v = r.get(figure);
                row.add(Double.isNaN(v) ? "-" : String.format(format, v));
            }
            if (reference != null) {
                double b = reference.get(figure);
                for (Figures r : runs) {
                    if (r == reference) {
                        continue;
                    }
                    double a = r.get(figure);
                    boolean ratio = !r.withoutRatio.contains(figure) && !Double.isNaN(a) && !Double.isNaN(b) && a != 0
                            && b != 0;
                    row.add(ratio ? String.format("%.2fx", a / b) : "");
                }
            }
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }
}
