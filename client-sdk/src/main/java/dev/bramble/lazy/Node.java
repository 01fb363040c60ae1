package dev.bramble.lazy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One task of a graph: its key, what it does, and its arguments, in which {@link Ref} stands for the
 * result of another key and {@link ListArg} for a list that holds such references.
 */
record Node(String key, Op op, List<Object> args) {

    /** The result of another node. */
    record Ref(String key) {
    }

    /** A list argument with references inside. */
    record ListArg(List<Object> items) {
    }

    /** The keys this node needs, each once, in the order they appear. */
    List<String> dependencies() {
        Set<String> out = new LinkedHashSet<>();
        collect(args, out);
        return new ArrayList<>(out);
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
