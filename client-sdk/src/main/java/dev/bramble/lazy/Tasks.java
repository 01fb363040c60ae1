package dev.bramble.lazy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A graph's tasks as the local schedulers run them: numbered in dependency order, each with the numbers
 * of the tasks that read its result, and the results so far. A result is dropped once the last task that
 * reads it has run, unless it was asked for, so memory holds only what is still needed.
 *
 * <p>The results are a plain array: a scheduler that runs tasks on several threads orders a result's
 * write before its readers' reads itself (see {@link ThreadScheduler}).
 */
final class Tasks {

    private final Node[] nodes;
    private final Map<String, Integer> index;
    private final int[][] dependents;
    private final AtomicIntegerArray users;
    private final boolean[] kept;
    private final Object[] values;

    Tasks(Graph graph, Set<String> outputs) {
        int size = graph.size();
        nodes = graph.nodes().toArray(new Node[0]);
        index = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            index.put(nodes[i].key(), i);
        }
        int[] fanOut = new int[size];
        for (Node n : nodes) {
            for (String d : n.dependencies()) {
                fanOut[index.get(d)]++;
            }
        }
        dependents = new int[size][];
        users = new AtomicIntegerArray(size);
        kept = new boolean[size];
        for (int i = 0; i < size; i++) {
            dependents[i] = new int[fanOut[i]];
            users.set(i, fanOut[i]);
            kept[i] = outputs.contains(nodes[i].key());
        }
        int[] filled = new int[size];
        for (int i = 0; i < size; i++) {
            for (String d : nodes[i].dependencies()) {
                int from = index.get(d);
                dependents[from][filled[from]++] = i;
            }
        }
        values = new Object[size];
    }

    int size() {
        return nodes.length;
    }

    /** The key of task i. */
    String key(int i) {
        return nodes[i].key();
    }

    /** How many results task i reads. */
    int inputs(int i) {
        return nodes[i].dependencies().size();
    }

    /** The tasks that read task i's result. */
    int[] dependents(int i) {
        return dependents[i];
    }

    /** Runs task i on its inputs' results and keeps its own; throws what the task throws. */
    void run(int i) throws Exception {
        values[i] = Op.run(nodes[i].op(), Node.resolve(nodes[i].args(), k -> values[index.get(k)]));
    }

    /** After task i ran: drops the results it was the last to read, unless they were asked for. */
    void release(int i) {
        for (String d : nodes[i].dependencies()) {
            int input = index.get(d);
            if (users.decrementAndGet(input) == 0 && !kept[input]) {
                values[input] = null;
            }
        }
    }

    /** The results asked for, by key. */
    Map<String, Object> results() {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < nodes.length; i++) {
            if (kept[i]) {
                out.put(nodes[i].key(), values[i]);
            }
        }
        return out;
    }
}
