package dev.bramble.examples;

import dev.bramble.client.Client;
import dev.bramble.client.DirectView;
import dev.bramble.client.OnEngine;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts words with push, scatter and gather: the stop words are pushed to every engine, the lines are
 * scattered, each engine counts its part, and the partial counts come back to be merged.
 */
public final class WordCount {

    private WordCount() {
    }

    static final List<String> LINES = List.of(
            "Ipython started out as an enhanced interface for Python",
            "You can then connect to these Ipython servers and run processes in parallel",
            "The engines do the actual running of the code from your program",
            "The client is where your code runs and where the parallel calls are made",
            "You can also use scatter and gather to partition your data giving each engine a chunk",
            "The nice thing about using Ipython is that you can easily add or remove machines");

    public static void main(String[] args) {
        try (Client c = Connect.from(args)) {
            DirectView all = c.all();
            all.push(Map.of("stop", List.of("the", "a", "an", "and", "to", "of", "is", "in", "for", "you", "your", "can")));
            all.scatter("lines", LINES);
            List<Map<String, Integer>> partial = all.applySync(WordCount::count);
            Map<String, Integer> total = new TreeMap<>();
            partial.forEach(p -> p.forEach((w, n) -> total.merge(w, n, Integer::sum)));
            total.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                    .forEach(e -> System.out.println(e.getValue() + " " + e.getKey()));
        }
    }

    /** Runs on an engine: counts the words of its part of the lines, without the stop words. */
    static Map<String, Integer> count() {
        List<String> lines = OnEngine.get("lines");
        List<String> stop = OnEngine.get("stop");
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            Arrays.stream(line.toLowerCase().split("\\W+")).filter(w -> !w.isEmpty() && !stop.contains(w))
                    .forEach(w -> counts.merge(w, 1, Integer::sum));
        }
        return counts;
    }
}
