package dev.bramble.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One figure of one system: the median over repetitions, with their spread, in the peers' JSON-lines
 * shape (system, workload, variant, metric, unit, median, min, max, runs, reps).
 */
record Result(String system, String workload, String variant, String metric, String unit, List<Double> runs) {

    double median() {
        List<Double> sorted = new ArrayList<>(runs);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    String json() {
        double min = runs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = runs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(java.util.Locale.ROOT,
                "{\"system\": \"%s\", \"workload\": \"%s\", \"variant\": \"%s\", \"metric\": \"%s\", \"unit\": \"%s\", \"median\": %s,"
                        + " \"min\": %s, \"max\": %s, \"runs\": %s, \"reps\": %d}",
                system, workload, variant.replace("\"", "'"), metric, unit, median(), min, max, runs, runs.size());
    }
}
