package dev.bramble.client.internal;

import java.io.Serializable;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What the lazy collections need from a client to run graphs on its cluster. Internal: reach it with
 * {@link #of(dev.bramble.client.Client)}.
 */
public interface GraphClient {

    /** A task of a graph as the wire takes it: exactly one of function and code, and wire-encoded arguments. */
    record Task(String key, String function, Serializable code, List<Object> args) {
    }

    /**
     * The outcome of a graph: the outputs' values in order, or the key of the task that failed first
     * (not merely after an input failed) with the remote exception.
     */
    record Outcome(List<Object> values, String failedKey, RuntimeException failure) {
    }

    /** A value encoded for the wire (a bulk value goes to the controller's blob storage). */
    Object encode(Object value);

    /**
     * Submits the graph and waits for it, telling the progress (finished tasks) as it goes.
     *
     * @param persist keep the outputs on the workers for later graphs
     */
    Outcome run(List<Task> tasks, List<String> outputs, boolean persist, String label, LongConsumer progress);

    /** Lets the workers drop a persisted result. */
    void release(String key);

    /** The graph client of a connected client. */
    static GraphClient of(dev.bramble.client.Client client) {
        return Internal.graphs.apply(client);
    }

    /** Set by {@code Client} when its class is initialized. */
    final class Internal {
        static java.util.function.Function<dev.bramble.client.Client, GraphClient> graphs;

        private Internal() {
        }

        /** Called once, by {@code Client}. */
        public static void install(java.util.function.Function<dev.bramble.client.Client, GraphClient> factory) {
            graphs = factory;
        }
    }
}
