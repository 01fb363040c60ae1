package dev.bramble.lazy;

import dev.bramble.client.Client;
import dev.bramble.client.Fn1;
import dev.bramble.client.internal.GraphClient;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a graph on a Bramble cluster: the whole graph goes to the controller in one request, which
 * releases tasks as their inputs finish, where their inputs are; intermediate results stay on the
 * workers and move worker to worker. Only the outputs come back.
 */
final class DistributedScheduler extends Scheduler {

    /** Gives back its one argument: for a task whose value is a list of results, a known value, or a persisted result. */
    private static final Fn1<Object, Object> IDENTITY = x -> x;

    private final Client client;
    private final GraphClient graphs;

    DistributedScheduler(Client client) {
        this.client = client;
        this.graphs = GraphClient.of(client);
    }

    @Override
    Map<String, Object> run(Graph graph, Set<String> outputs) {
        return submit(graph, outputs, false);
    }

    @Override
    <T> Delayed<T> persist(Delayed<T> value) {
        if (value.node().op() instanceof Op.Held) {
            return value;
        }
        Set<String> keys = Set.of(value.key());
        submit(prepare(List.of(value), keys), keys, true);
        return new Delayed<>(new Node(value.key(), new Op.Held(this), List.of()), List.of());
    }

    void release(String key) {
        graphs.release(key);
    }

    private Map<String, Object> submit(Graph graph, Set<String> outputs, boolean persist) {
        List<GraphClient.Task> tasks = new ArrayList<>(graph.size());
        Map<String, String> outputTask = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Op.Constant && !outputs.contains(n.key())) {
                continue; // inlined where it is read
            }
            if (n.op() instanceof Op.Held) {
                if (outputs.contains(n.key())) {
                    // A persisted result asked for itself: a task that reads it.
                    String reader = "get-" + n.key();
                    tasks.add(new GraphClient.Task(reader, null, IDENTITY, List.of(ref(n.key()))));
                    outputTask.put(n.key(), reader);
                }
                continue;
            }
            tasks.add(task(n, graph));
        }
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(outputs));
        List<String> asked = wanted.stream().map(k -> outputTask.getOrDefault(k, k)).toList();
        try (ProgressBar.Tracker progress = ProgressBar.track(tasks.size(), "distributed")) {
            GraphClient.Outcome outcome = graphs.run(tasks, asked, persist, "delayed " + wanted.get(0), progress::done);
            if (outcome.failure() != null) {
                throw new ComputeException(outcome.failedKey() == null ? wanted.get(0) : outcome.failedKey(), outcome.failure());
            }
            Map<String, Object> results = new HashMap<>();
            for (int i = 0; i < wanted.size(); i++) {
                results.put(wanted.get(i), outcome.values().get(i));
            }
            return results;
        }
    }

    private GraphClient.Task task(Node n, Graph graph) {
        Op op = n.op();
        if (op instanceof Op.Call c) {
            return new GraphClient.Task(n.key(), null, c.fn(), encode(n.args(), graph));
        }
        if (op instanceof Op.Named named) {
            return new GraphClient.Task(n.key(), named.function(), null, encode(n.args(), graph));
        }
        if (op instanceof Op.Fused f) {
            List<Serializable> fns = new ArrayList<>(f.calls().size());
            f.calls().forEach(c -> fns.add(c.fn()));
            return new GraphClient.Task(n.key(), null, Chain.asLambda(fns, f.laterArgs()), List.of(encode(n.args(), graph)));
        }
        if (op instanceof Op.Collect) {
            return new GraphClient.Task(n.key(), null, IDENTITY, List.of(encode(n.args(), graph)));
        }
        if (op instanceof Op.Constant k) {
            return new GraphClient.Task(n.key(), null, IDENTITY, List.of(graphs.encode(k.value())));
        }
        throw new IllegalStateException("no task for " + op);
    }

    /** Arguments for the wire: references as {"$ref": key}, known values (Delayed.value) inlined. */
    private List<Object> encode(List<Object> args, Graph graph) {
        List<Object> out = new ArrayList<>(args.size());
        for (Object a : args) {
            if (a instanceof Node.Ref r) {
                Node input = graph.node(r.key());
                out.add(input != null && input.op() instanceof Op.Constant k ? graphs.encode(k.value()) : ref(r.key()));
            } else if (a instanceof Node.ListArg l) {
                out.add(encode(l.items(), graph));
            } else {
                out.add(graphs.encode(a));
            }
        }
        return out;
    }

    private static Map<String, Object> ref(String key) {
        return Map.of("$ref", key);
    }

    @Override
    public String toString() {
        return "distributed(" + client.describe() + ")";
    }
}
