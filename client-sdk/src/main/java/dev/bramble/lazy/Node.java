package dev.bramble.lazy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One task of a graph: its key, what it does, its arguments, in which {@link Ref} stands for the
 * result of another key and {@link ListArg} for a list that holds such references, and the keys it
 * needs (found once, when the node is made: every scheduler asks for them several times per task).
 */
record Node(String key, Op op, List<Object> args, List<String> dependencies) {

    Node(String key, Op op, List<Object> args) {
        this(key, op, args, dependenciesOf(args));
    }

    /** The result of another node. */
    record Ref(String key) {
    }

    /** A list argument with references inside. */
    record ListArg(List<Object> items) {
    }

    /** The keys the arguments refer to, each once, in the order they appear. */
    private static List<String> dependenciesOf(List<Object> args) {
        Set<String> out = new LinkedHashSet<>();
        collect(args, out);
        return out.isEmpty() ? List.of() : List.copyOf(out);
    }

    private static void collect(List<Object> args, Set<String> out) {
        for (Object a : args) {
            if (a instanceof Ref r) {
                out.add(r.key());
            } else if (a instanceof ListArg l) {
                collect(l.items(), out);
            }
        }
    }

    /** The arguments with every reference replaced by its result. */
    static List<Object> resolve(List<Object> args, Function<String, Object> results) {
        List<Object> out = new ArrayList<>(args.size());
        for (Object a : args) {
            if (a instanceof Ref r) {
                out.add(results.apply(r.key()));
            } else if (a instanceof ListArg l) {
                out.add(resolve(l.items(), results));
            } else {
                out.add(a);
            }
        }
        return out;
    }
}
