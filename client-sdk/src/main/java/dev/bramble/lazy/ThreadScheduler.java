package dev.bramble.lazy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs tasks on a pool of threads in this JVM. There is no scheduling thread: the thread that finishes
 * a task makes its dependents ready, runs the first of them itself and leaves the others in its queue,
 * from which idle threads take them (a work-stealing pool). The calling thread waits and shows progress.
 */
final class ThreadScheduler extends Scheduler {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ForkJoinPool pool;

    ThreadScheduler(int threads) {
        this.threads = threads;
        String prefix = "bramble-lazy-" + POOLS.incrementAndGet() + "-";
        AtomicInteger n = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = p -> new Worker(p, prefix + n.incrementAndGet());
        // No thread until there is work; idle threads end after 30 s. Up to 256 more stand in for threads
        // that wait for a graph of their own (see run).
        this.pool = new ForkJoinPool(threads, factory, null, false, 0, threads + 256, 1, p -> true, 30, TimeUnit.SECONDS);
    }

    /** A pool thread that keeps the context class loader of the thread that made it, as other pools do. */
    private static final class Worker extends ForkJoinWorkerThread {
        Worker(ForkJoinPool pool, String name) {
            super(pool);
            setName(name);
        }
    }

    @Override
    Map<String, Object> run(Graph graph, Set<String> outputs) {
        Run run = new Run(graph, outputs);
        try (ProgressBar.Tracker progress = ProgressBar.track(graph.size(), toString())) {
            pool.execute(run::start);
            try {
                if (Thread.currentThread() instanceof Worker w && w.getPool() == pool) {
                    // A task computing a graph on its own pool: while it waits, the pool adds a thread in its
                    // place, so that the inner graph runs even when every thread is such a task.
                    ForkJoinPool.managedBlock(run);
                }
                while (!run.finished.await(100, TimeUnit.MILLISECONDS)) {
                    progress.done(run.completed.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.fail(-1, null);
            }
            progress.done(run.completed.get());
        }
        return run.results();
    }

    /**
     * One computation of a graph. Nodes are numbers; a node's result is written before its dependents'
     * counters are decremented, and read only by the thread that brought a counter to zero, so the
     * counters' atomic updates order the plain array of results.
     */
    private static final class Run implements ForkJoinPool.ManagedBlocker {
        private final Node[] nodes;
        private final Map<String, Integer> index;
        private final int[][] dependents;
        private final AtomicIntegerArray unmet;
        private final AtomicIntegerArray users;
        private final boolean[] kept;
        private final Object[] values;
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicReference<Failure> failure = new AtomicReference<>();
        private final CountDownLatch finished = new CountDownLatch(1);

        private record Failure(int node, Throwable error) {
        }

        Run(Graph graph, Set<String> outputs) {
            int size = graph.size();
            nodes = graph.nodes().toArray(new Node[0]);
            index = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                index.put(nodes[i].key(), i);
            }
            int[] fanOut = new int[size];
            unmet = new AtomicIntegerArray(size);
            for (int i = 0; i < size; i++) {
                List<String> deps = nodes[i].dependencies();
                unmet.set(i, deps.size());
                for (String d : deps) {
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

        @Override
        public boolean block() throws InterruptedException {
            finished.await();
            return true;
        }

        @Override
        public boolean isReleasable() {
            return finished.getCount() == 0;
        }

        /** On a pool thread: queues every node that needs nothing. */
        void start() {
            if (nodes.length == 0) {
                finished.countDown();
                return;
            }
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i].dependencies().isEmpty()) {
                    fork(i);
                }
            }
        }

        private void fork(int node) {
            ForkJoinTask.adapt(() -> runFrom(node)).fork();
        }

        /** Runs the node, then, as long as finishing one makes others ready, the first of those. */
        private void runFrom(int node) {
            int next = node;
            while (next >= 0 && failure.get() == null) {
                int done = next;
                try {
                    values[done] = Op.run(nodes[done].op(), Node.resolve(nodes[done].args(), k -> values[index.get(k)]));
                } catch (Throwable t) {
                    fail(done, t);
                    return;
                }
                next = -1;
                for (int d : dependents[done]) {
                    if (unmet.decrementAndGet(d) == 0) {
                        if (next < 0) {
                            next = d;
                        } else {
                            fork(d);
                        }
                    }
                }
                release(done);
                if (completed.incrementAndGet() == nodes.length) {
                    finished.countDown();
                }
            }
        }

        /** Drops the results the finished node was the last to need, unless they were asked for. */
        private void release(int done) {
            for (String d : nodes[done].dependencies()) {
                int input = index.get(d);
                if (users.decrementAndGet(input) == 0 && !kept[input]) {
                    values[input] = null;
                }
            }
        }

        /** The first failure wins (node -1: the caller was interrupted); no task starts after it. */
        void fail(int node, Throwable error) {
            failure.compareAndSet(null, new Failure(node, error));
            finished.countDown();
        }

        Map<String, Object> results() {
            Failure f = failure.get();
            if (f != null && f.node() < 0) {
                throw new ComputeException(nodes[0].key(), "interrupted while waiting for the graph");
            }
            if (f != null) {
                throw new ComputeException(nodes[f.node()].key(), f.error());
            }
            Map<String, Object> out = new HashMap<>();
            for (int i = 0; i < nodes.length; i++) {
                if (kept[i]) {
                    out.put(nodes[i].key(), values[i]);
                }
            }
            return out;
        }
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
