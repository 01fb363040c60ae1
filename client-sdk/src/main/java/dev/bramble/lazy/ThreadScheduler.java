package dev.bramble.lazy;

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
     * One computation of a graph. A task's result is written before its dependents' counters of unmet
     * inputs go down, and read only by the thread that brought a counter to zero, so the counters' atomic
     * updates order the plain array of results.
     */
    private static final class Run implements ForkJoinPool.ManagedBlocker {
        private final Tasks tasks;
        private final AtomicIntegerArray unmet;
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicReference<Failure> failure = new AtomicReference<>();
        private final CountDownLatch finished = new CountDownLatch(1);

        private record Failure(int task, Throwable error) {
        }

        Run(Graph graph, Set<String> outputs) {
            tasks = new Tasks(graph, outputs);
            unmet = new AtomicIntegerArray(tasks.size());
            for (int i = 0; i < tasks.size(); i++) {
                unmet.set(i, tasks.inputs(i));
            }
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

        /** On a pool thread: queues every task that needs nothing. */
        void start() {
            if (tasks.size() == 0) {
                finished.countDown();
                return;
            }
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.inputs(i) == 0) {
                    fork(i);
                }
            }
        }

        private void fork(int task) {
            ForkJoinTask.adapt(() -> runFrom(task)).fork();
        }

        /** Runs the task, then, as long as finishing one makes others ready, the first of those. */
        private void runFrom(int task) {
            int next = task;
            while (next >= 0 && failure.get() == null) {
                int done = next;
                try {
                    tasks.run(done);
                } catch (Throwable t) {
                    fail(done, t);
                    return;
                }
                next = -1;
                for (int d : tasks.dependents(done)) {
                    if (unmet.decrementAndGet(d) == 0) {
                        if (next < 0) {
                            next = d;
                        } else {
                            fork(d);
                        }
                    }
                }
                tasks.release(done);
                if (completed.incrementAndGet() == tasks.size()) {
                    finished.countDown();
                }
            }
        }

        /** The first failure wins (task -1: the caller was interrupted); no task starts after it. */
        void fail(int task, Throwable error) {
            failure.compareAndSet(null, new Failure(task, error));
            finished.countDown();
        }

        Map<String, Object> results() {
            Failure f = failure.get();
            if (f != null && f.task() < 0) {
                throw new ComputeException(tasks.key(0), "interrupted while waiting for the graph");
            }
            if (f != null) {
                throw new ComputeException(tasks.key(f.task()), f.error());
            }
            return tasks.results();
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
