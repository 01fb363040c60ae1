package dev.bramble.lazy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Runs every task in the calling thread, in dependency order; a failure is the task's own exception. */
final class SyncScheduler extends Scheduler {

    @Override
    Map<String, Object> run(Graph graph, Set<String> outputs) {
        Map<String, Object> results = new HashMap<>();
        Map<String, Integer> users = users(graph);
        long done = 0;
        try (ProgressBar.Tracker progress = ProgressBar.track(graph.size(), toString())) {
            for (Node n : graph.nodes()) {
                Object value;
                try {
                    value = Op.run(n.op(), Node.resolve(n.args(), results::get));
                } catch (Exception e) {
                    throw SyncScheduler.<RuntimeException>sneaky(e);
                }
                results.put(n.key(), value);
                used(n, users, results, outputs);
                progress.done(++done);
            }
        }
        return results;
    }

    /** Throws the task's own exception, checked or not, with its own stack, as running it directly would. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public String toString() {
        return "sync";
    }
}
