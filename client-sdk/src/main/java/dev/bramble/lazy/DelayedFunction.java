package dev.bramble.lazy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A function made lazy by {@link Delayed#delayed}: {@link #call} records a call in the graph instead of
 * making it. Immutable.
 *
 * @param <R> what the function returns
 */
public final class DelayedFunction<R> {

    private final Op op;
    private final int arity;
    private final boolean pure;
    private final String name;

    DelayedFunction(Op op, int arity, boolean pure, String name) {
        this.op = op;
        this.arity = arity;
        this.pure = pure;
        this.name = name;
    }

    static <R> DelayedFunction<R> of(Serializable fn, int arity) {
        if (fn == null) {
            throw new IllegalArgumentException("fn is null");
        }
        return new DelayedFunction<>(new Op.Call(fn, Keys.name(fn)), arity, true, null);
    }

    /**
     * The same function with keys unique to each call (dask's {@code pure=False}): for functions whose
     * result is not decided by their arguments alone (random numbers, the clock, I/O).
     */
    public DelayedFunction<R> impure() {
        return new DelayedFunction<>(op, arity, false, name);
    }

    /** The same function with keys that start with the name instead of the function's own name. */
    public DelayedFunction<R> named(String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.contains("\"")) {
            throw new IllegalArgumentException("keyPrefix must be a non-empty name without quotes: " + keyPrefix);
        }
        return new DelayedFunction<>(op, arity, pure, keyPrefix);
    }

    /**
     * Records a call. Each argument is a value or a {@link Delayed} (also inside lists); the call runs
     * when a value that needs it is computed.
     *
     * @throws IllegalArgumentException if the function takes another number of arguments
     */
    public Delayed<R> call(Object... args) {
        if (arity >= 0 && args.length != arity) {
            throw new IllegalArgumentException(op.name() + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", not "
                    + args.length);
        }
        List<Object> converted = new ArrayList<>(args.length);
        List<Delayed<?>> inputs = new ArrayList<>();
        for (Object a : args) {
            converted.add(argument(a, inputs));
        }
        List<Object> frozen = java.util.Collections.unmodifiableList(converted);
        String key = Keys.key(op, frozen, pure);
        if (name != null) {
            key = name + key.substring(key.indexOf('-'));
        }
        return new Delayed<>(new Node(key, op, frozen), List.copyOf(inputs));
    }

    /** An argument as the graph holds it: a reference for a lazy value, a list argument for a list holding some. */
    static Object argument(Object a, List<Delayed<?>> inputs) {
        if (a instanceof Delayed<?> d) {
            if (d.node().op() instanceof Op.Collect) {
                inputs.addAll(d.inputs());
                return new Node.ListArg(d.node().args());
            }
            inputs.add(d);
            return new Node.Ref(d.key());
        }
        if (a instanceof List<?> list && holdsDelayed(list)) {
            List<Object> items = new ArrayList<>(list.size());
            for (Object o : list) {
                items.add(argument(o, inputs));
            }
            return new Node.ListArg(java.util.Collections.unmodifiableList(items));
        }
        return a;
    }

    private static boolean holdsDelayed(List<?> list) {
        for (Object o : list) {
            if (o instanceof Delayed<?> || o instanceof List<?> l && holdsDelayed(l)) {
                return true;
            }
        }
        return false;
    }
}
