package dev.bramble.lazy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a pool of threads in this JVM. The calling thread keeps the graph's state (what is
 * ready, which results are still needed) and hands ready tasks, with their inputs resolved, to the pool.
 */
final class ThreadScheduler extends Scheduler {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ThreadPoolExecutor pool;

    ThreadScheduler(int threads) {
        this.threads = threads;
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bramble-lazy-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** A finished task: its value, or what it threw. */
    private record Done(Node node, Object value, Throwable error) {
    }

    @Override
    Map<String, Object> run(Graph graph, Set<String> outputs) {
        Map<String, Object> results = new HashMap<>();
        Map<String, Integer> users = users(graph);
        Map<String, Integer> unmet = new HashMap<>();
        Map<String, List<Node>> dependents = new HashMap<>();
        LinkedBlockingQueue<Done> finished = new LinkedBlockingQueue<>();
        List<Node> ready = new ArrayList<>();
        for (Node n : graph.nodes()) {
            List<String> deps = n.dependencies();
            unmet.put(n.key(), deps.size());
            for (String d : deps) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
            }
            if (deps.isEmpty()) {
                ready.add(n);
            }
        }
        int remaining = graph.size();
        try (ProgressBar.Tracker progress = ProgressBar.track(graph.size(), toString())) {
            ready.forEach(n -> submit(n, results, finished));
            while (remaining > 0) {
                Done d;
                try {
                    d = finished.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ComputeException(graph.nodes().iterator().next().key(), "interrupted while waiting for the graph");
                }
                if (d.error() != null) {
                    throw new ComputeException(d.node().key(), d.error());
                }
                remaining--;
                progress.done(graph.size() - remaining);
                results.put(d.node().key(), d.value());
                used(d.node(), users, results, outputs);
                for (Node next : dependents.getOrDefault(d.node().key(), List.of())) {
                    if (unmet.merge(next.key(), -1, Integer::sum) == 0) {
                        submit(next, results, finished);
                    }
                }
            }
        }
        return results;
    }

    private void submit(Node n, Map<String, Object> results, LinkedBlockingQueue<Done> finished) {
        List<Object> args = Node.resolve(n.args(), results::get);
        pool.execute(() -> {
            try {
                finished.add(new Done(n, Op.run(n.op(), args), null));
            } catch (Throwable t) {
                finished.add(new Done(n, null, t));
            }
        });
    }

    /** Lets the pool's threads end (they also end by themselves when idle for 30 s). */
    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public String toString() {
        return "threads(" + threads + ")";
    }
}
