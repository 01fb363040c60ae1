package dev.bramble.controller.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Checks a submitted graph and lays it out: keys unique, every reference known, outputs among the
 * tasks, no cycle; the outputs first (in order, so that they are the job's results), then the other
 * tasks so that each comes after what it reads.
 *
 * @param order plan indexes in the job's task order
 * @param inputs per plan index, the plan indexes of the tasks it reads
 * @param held per plan index, the keys of persisted results it reads
 */
record GraphLayout(List<Integer> order, List<List<Integer>> inputs, List<List<String>> held) {

    /** The key of a reference {@code {"$ref": KEY}}. */
    static final String REF = "$ref";

    static GraphLayout of(GraphPlan plan, Set<String> persisted) {
        int n = plan.tasks().size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String key = plan.tasks().get(i).key();
            Integer twice = index.put(key, i);
            if (twice != null) {
                throw SchedulerException.badRequest("tasks[" + i + "].key", key, "the key '" + key + "' is given twice (tasks[" + twice
                        + "] and tasks[" + i + "])");
            }
        }
        List<List<Integer>> inputs = new ArrayList<>(n);
        List<List<String>> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Set<String> refs = new LinkedHashSet<>();
            plan.tasks().get(i).args().forEach(a -> refs(a, refs::add));
            List<Integer> mine = new ArrayList<>(refs.size());
            List<String> kept = new ArrayList<>(0);
            for (String r : refs) {
                Integer j = index.get(r);
                if (j != null) {
                    mine.add(j);
                } else if (persisted.contains(r)) {
                    kept.add(r);
                } else {
                    throw SchedulerException.badRequest("tasks[" + i + "].args", r, "no task of this graph and no persisted result has"
                            + " the key '" + r + "'");
                }
            }
            inputs.add(mine);
            held.add(kept);
        }
        Set<String> outputs = new HashSet<>();
        for (int o = 0; o < plan.outputs().size(); o++) {
            String key = plan.outputs().get(o);
            if (!index.containsKey(key)) {
                throw SchedulerException.badRequest("outputs[" + o + "]", key, "no task of this graph has the key '" + key + "'");
            }
            if (!outputs.add(key)) {
                throw SchedulerException.badRequest("outputs[" + o + "]", key, "the output '" + key + "' is asked for twice");
            }
        }
        List<Integer> topological = topological(plan, inputs);
        List<Integer> order = new ArrayList<>(n);
        plan.outputs().forEach(k -> order.add(index.get(k)));
        for (int i : topological) {
            if (!outputs.contains(plan.tasks().get(i).key())) {
                order.add(i);
            }
        }
        return new GraphLayout(order, inputs, held);
    }

    /** Kahn's algorithm; a task left over is on a cycle. */
    private static List<Integer> topological(GraphPlan plan, List<List<Integer>> inputs) {
        int n = inputs.size();
        int[] unmet = new int[n];
        List<List<Integer>> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            users.add(new ArrayList<>(1));
        }
        for (int i = 0; i < n; i++) {
            unmet[i] = inputs.get(i).size();
            for (int j : inputs.get(i)) {
                users.get(j).add(i);
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (unmet[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> out = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(i);
            for (int u : users.get(i)) {
                if (--unmet[u] == 0) {
                    ready.add(u);
                }
            }
        }
        if (out.size() < n) {
            for (int i = 0; i < n; i++) {
                if (unmet[i] > 0) {
                    String key = plan.tasks().get(i).key();
                    throw SchedulerException.badRequest("tasks[" + i + "].args", key, "the graph has a cycle through '" + key + "'");
                }
            }
        }
        return out;
    }

    /** Calls the consumer with the key of every reference in the value (inside lists and objects too). */
    static void refs(Object value, Consumer<String> each) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get(REF) instanceof String key) {
                each.accept(key);
                return;
            }
            m.values().forEach(v -> refs(v, each));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> refs(v, each));
        }
    }

    /** The value with every reference's key replaced. */
    static Object rewrite(Object value, UnaryOperator<String> key) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get(REF) instanceof String k) {
                return Map.of(REF, key.apply(k));
            }
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, rewrite(v, key)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(rewrite(v, key)));
            return out;
        }
        return value;
    }
}
