package dev.bramble.lazy;

import java.util.Map;
import java.util.Set;

/** Runs every task in the calling thread, in dependency order; a failure is the task's own exception. */
final class SyncScheduler extends Scheduler {

    @Override
    Map<String, Object> run(Graph graph, Set<String> outputs) {
        Tasks tasks = new Tasks(graph, outputs);
        try (ProgressBar.Tracker progress = ProgressBar.track(tasks.size(), toString())) {
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    tasks.run(i);
                } catch (Exception e) {
                    throw SyncScheduler.<RuntimeException>sneaky(e);
                }
                tasks.release(i);
                progress.done(i + 1);
            }
        }
        return tasks.results();
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
