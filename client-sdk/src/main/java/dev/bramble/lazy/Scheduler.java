package dev.bramble.lazy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a graph runs, like dask's schedulers: {@link #SYNC} in the calling thread (for debugging),
 * {@link #threads} on a local thread pool, {@link #processes} in local worker JVMs, and
 * {@link #distributed} on a Bramble cluster. The same graph gives the same result on each.
 *
 * <p>Choose one per call ({@code value.compute(Scheduler.SYNC)}), for a scope (dask's
 * {@code set_options} context):
 *
 * <pre>{@code
 * try (var scope = Scheduler.use(Scheduler.distributed(client))) {
 *     total.compute();
 * }
 * }</pre>
 *
 * <p>or for the whole program with {@link #setDefault}. Without either, values compute on
 * {@code threads(}number of processors{@code )}, as dask's delayed does.
 */
public abstract class Scheduler implements AutoCloseable {

    /** Runs every task in the calling thread, one after the other, and throws a failed task's own exception. */
    public static final Scheduler SYNC = new SyncScheduler();

    private static volatile Scheduler defaultScheduler;
    private static final ThreadLocal<ArrayDeque<Scheduler>> SCOPES = ThreadLocal.withInitial(ArrayDeque::new);

    Scheduler() {
    }

    /** A pool of n threads in this JVM; the threads are made on first use and end when idle. */
    public static Scheduler threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n < 1: " + n);
        }
        return new ThreadScheduler(n);
    }

    /**
     * n worker JVMs on this machine, started on first use from Bramble's jars (found through the system
     * property {@code bramble.root}, the variable {@code BRAMBLE_ROOT}, or upwards from the working
     * directory) and reused; they stop when the scheduler is closed or this JVM exits. Like dask's
     * processes scheduler, for work that wants more than one JVM's heap or separate processes.
     */
    public static Scheduler processes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n < 1: " + n);
        }
        return new ProcessScheduler(n);
    }

    /**
     * The cluster the client is connected to: each graph goes to the controller whole, tasks run where
     * their inputs are, intermediate results stay on the workers and only the values asked for come back.
     */
    public static Scheduler distributed(dev.bramble.client.Client client) {
        if (client == null) {
            throw new IllegalArgumentException("client is null");
        }
        return new DistributedScheduler(client);
    }

    /**
     * The scheduler in force on this thread: the innermost {@link #use} scope, else the default set with
     * {@link #setDefault}, else {@code threads(}number of processors{@code )}.
     */
    public static Scheduler current() {
        Scheduler scoped = SCOPES.get().peek();
        if (scoped != null) {
            return scoped;
        }
        Scheduler d = defaultScheduler;
        if (d == null) {
            synchronized (Scheduler.class) {
                if (defaultScheduler == null) {
                    defaultScheduler = threads(Runtime.getRuntime().availableProcessors());
                }
                d = defaultScheduler;
            }
        }
        return d;
    }

    /** Sets the scheduler that {@code compute()} uses outside any {@link #use} scope, for every thread. */
    public static void setDefault(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler is null");
        }
        defaultScheduler = scheduler;
    }

    /**
     * Makes the scheduler the current one on this thread until the scope is closed (scopes nest).
     *
     * @return the scope, to close with try-with-resources
     */
    public static Scope use(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler is null");
        }
        SCOPES.get().push(scheduler);
        return new Scope(scheduler);
    }

    /** A {@link #use} scope; closing it restores the scheduler that was current before. */
    public static final class Scope implements AutoCloseable {
        private final Scheduler scheduler;
        private boolean closed;

        private Scope(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        /** The scheduler of this scope. */
        public Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            ArrayDeque<Scheduler> scopes = SCOPES.get();
            if (scopes.peek() != scheduler) {
                throw new IllegalStateException("scopes must be closed in the reverse order they were opened");
            }
            scopes.pop();
        }
    }

    /** Lets go of what the scheduler started (the worker JVMs of {@link #processes}); nothing for the others. */
    @Override
    public void close() {
    }

    /** Computes the values of one graph: only what they need, linear chains fused. */
    final List<Object> compute(List<? extends Delayed<?>> values) {
        Set<String> keys = new LinkedHashSet<>();
        values.forEach(v -> keys.add(v.key()));
        Map<String, Object> results = run(prepare(values, keys), keys);
        List<Object> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(results.get(v.key())));
        return out;
    }

    /** The graph of the values as it runs: only what they need, linear chains fused (the keys kept). */
    static Graph prepare(List<? extends Delayed<?>> values, Set<String> keys) {
        return Graph.of(values).fuse(keys);
    }

    /** Runs the graph and returns the values of the outputs (at least). */
    abstract Map<String, Object> run(Graph graph, Set<String> outputs);

    /** Computes the value and keeps it in this JVM, under the same key. */
    <T> Delayed<T> persist(Delayed<T> value) {
        T v = value.compute(this);
        return new Delayed<>(new Node(value.key(), new Op.Constant(v), List.of()), List.of());
    }
}
