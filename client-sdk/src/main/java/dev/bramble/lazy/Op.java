package dev.bramble.lazy;

import dev.bramble.client.internal.Calls;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What a node of a graph does with its arguments. */
sealed interface Op {

    /** A short name for keys, progress and pictures. */
    String name();

    /** A client's lambda ({@code Fn0} to {@code Fn3}). */
    record Call(Serializable fn, String name) implements Op {
    }

    /** A function the workers offer by name (only the distributed scheduler can run it). */
    record Named(String function) implements Op {
        @Override
        public String name() {
            return function;
        }
    }

    /** Its arguments, as a list ({@link Delayed#list}). */
    record Collect() implements Op {
        @Override
        public String name() {
            return "list";
        }
    }

    /** A value already known: {@link Delayed#value}, or a result persisted by a local scheduler. */
    record Constant(Object value) implements Op {
        @Override
        public String name() {
            return "value";
        }
    }

    /** A result the workers hold under its key, persisted by the distributed scheduler. */
    record Held(DistributedScheduler owner) implements Op {
        @Override
        public String name() {
            return "persisted";
        }
    }

    /**
     * A linear chain of calls made one task: the first call takes the node's arguments; every later
     * call takes its own arguments with {@link Chain.Previous#VALUE} standing for the result before it.
     */
    record Fused(List<Call> calls, List<List<Object>> laterArgs) implements Op {

        @Override
        public String name() {
            List<String> names = new ArrayList<>();
            calls.forEach(c -> names.add(c.name()));
            return String.join("+", names);
        }
    }

    /** Runs an op in this JVM on arguments already resolved. */
    static Object run(Op op, List<Object> args) throws Exception {
        if (op instanceof Call c) {
            return Calls.invoke(c.fn(), args);
        }
        if (op instanceof Collect) {
            return args;
        }
        if (op instanceof Constant k) {
            return k.value();
        }
        if (op instanceof Fused f) {
            return Chain.run(f.calls().stream().map(Call::fn).toList(), f.laterArgs(), args);
        }
        if (op instanceof Named n) {
            throw new IllegalStateException("'" + n.function() + "' is a function of the workers: only Scheduler.distributed or"
                    + " Scheduler.processes can run it");
        }
        throw new IllegalStateException("a persisted result can only be read on the scheduler that persisted it");
    }
}
