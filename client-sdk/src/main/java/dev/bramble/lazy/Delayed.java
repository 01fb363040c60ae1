package dev.bramble.lazy;

import dev.bramble.client.Fn0;
import dev.bramble.client.Fn1;
import dev.bramble.client.Fn2;
import dev.bramble.client.Fn3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A lazy value, like dask's {@code delayed}: a node of a task graph that nothing has run yet. Build it
 * with {@link #delayed} and {@link DelayedFunction#call}, passing values or other {@code Delayed} as
 * arguments; nothing runs until {@link #compute()}, which runs the whole graph on a {@link Scheduler}.
 *
 * <pre>{@code
 * Delayed<Integer> a = delayed(Fns::inc).call(1);
 * Delayed<Integer> b = delayed(Fns::add).call(a, 10);
 * int result = b.compute();                       // the default scheduler
 * int again  = b.compute(Scheduler.SYNC);         // in the calling thread
 * }</pre>
 *
 * <p>Keys are deterministic: the same function called with the same arguments gives the same key, so a
 * subgraph built twice runs once. Instances are immutable and may be shared between threads.
 *
 * @param <T> the type of the value
 */
public final class Delayed<T> {

    private final Node node;
    private final List<Delayed<?>> inputs;

    Delayed(Node node, List<Delayed<?>> inputs) {
        this.node = node;
        this.inputs = inputs;
    }

    /** A function of no arguments, made lazy. */
    public static <R> DelayedFunction<R> delayed(Fn0<R> fn) {
        return DelayedFunction.of(fn, 0);
    }

    /** A function of one argument, made lazy: {@code delayed(Fns::inc).call(x)}. */
    public static <A, R> DelayedFunction<R> delayed(Fn1<A, R> fn) {
        return DelayedFunction.of(fn, 1);
    }

    /** A function of two arguments, made lazy: {@code delayed(Fns::add).call(a, b)}. */
    public static <A, B, R> DelayedFunction<R> delayed(Fn2<A, B, R> fn) {
        return DelayedFunction.of(fn, 2);
    }

    /** A function of three arguments, made lazy. */
    public static <A, B, C, R> DelayedFunction<R> delayed(Fn3<A, B, C, R> fn) {
        return DelayedFunction.of(fn, 3);
    }

    /**
     * A function that the workers offer by name ({@code "inc"}, {@code "sum"}, a plugin's function), made
     * lazy. Only {@link Scheduler#distributed} and {@link Scheduler#processes} can run it.
     */
    public static <R> DelayedFunction<R> delayed(String workerFunction) {
        if (workerFunction == null || workerFunction.isBlank()) {
            throw new IllegalArgumentException("workerFunction is empty");
        }
        return new DelayedFunction<>(new Op.Named(workerFunction), -1, true, null);
    }

    /** A known value as a node of a graph (dask's {@code delayed(obj)}). */
    public static <T> Delayed<T> value(T value) {
        Op op = new Op.Constant(value);
        return new Delayed<>(new Node(Keys.key(op, java.util.Collections.singletonList(value), true), op, List.of()), List.of());
    }

    /**
     * The values of several lazy values as one lazy list. Passed to a function, it becomes that function's
     * list argument (no task of its own), as a Python list of delayed values does in dask.
     */
    public static <T> Delayed<List<T>> list(List<? extends Delayed<? extends T>> items) {
        List<Object> args = new ArrayList<>(items.size());
        List<Delayed<?>> inputs = new ArrayList<>(items.size());
        for (Delayed<? extends T> d : items) {
            args.add(DelayedFunction.argument(d, inputs));
        }
        Op op = new Op.Collect();
        return new Delayed<>(new Node(Keys.key(op, args, true), op, List.copyOf(args)), List.copyOf(inputs));
    }

    /** The key of this value's node in the graph. */
    public String key() {
        return node.key();
    }

    Node node() {
        return node;
    }

    List<Delayed<?>> inputs() {
        return inputs;
    }

    /** Computes the value on the current scheduler ({@link Scheduler#current()}). */
    public T compute() {
        return compute(Scheduler.current());
    }

    /**
     * Computes the value on the scheduler. The synchronous scheduler throws the task's own exception;
     * the others throw {@link ComputeException} naming the key that failed.
     */
    @SuppressWarnings("unchecked")
    public T compute(Scheduler scheduler) {
        return (T) scheduler.compute(List.of(this)).get(0);
    }

    /** Computes several values that may share parts of one graph, running each shared part once. */
    public static List<Object> compute(Delayed<?>... values) {
        return compute(Scheduler.current(), values);
    }

    /** Computes several values on the scheduler, running each shared part of their graph once. */
    public static List<Object> compute(Scheduler scheduler, Delayed<?>... values) {
        if (values.length == 0) {
            return List.of();
        }
        return scheduler.compute(Arrays.asList(values));
    }

    /**
     * Computes the value and keeps it: on the distributed scheduler the result stays on the workers and
     * the returned value refers to it there (later graphs start from it, until {@link #release()}); on
     * a local scheduler it is kept in this JVM.
     */
    public Delayed<T> persist() {
        return persist(Scheduler.current());
    }

    /** {@link #persist()} on the scheduler. */
    public Delayed<T> persist(Scheduler scheduler) {
        return scheduler.persist(this);
    }

    /**
     * Lets the workers drop a result that {@link #persist} kept on the cluster; does nothing for other
     * values. Later graphs that use it fail to find it.
     */
    public void release() {
        if (node.op() instanceof Op.Held held) {
            held.owner().release(key());
        }
    }

    /**
     * Writes a picture of the graph: Graphviz DOT for a path ending in {@code .dot}; SVG or PNG for
     * {@code .svg} and {@code .png} when Graphviz is installed.
     *
     * @throws UncheckedIOException if the file cannot be written or Graphviz is missing for SVG and PNG
     */
    public Path visualize(Path path) {
        try {
            Graph.of(List.of(this)).write(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    /** How many tasks the graph of this value has (shared parts once). */
    public int graphSize() {
        return Graph.of(List.of(this)).size();
    }

    @Override
    public String toString() {
        return "Delayed(" + key() + ")";
    }
}
