package dev.bramble.controller.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * A graph task's place in its graph, and where its result is. Touched only under the scheduler's lock.
 * A result stays on the worker that computed it ({@link #holder}) until no unfinished task needs it.
 */
final class GraphNode {

    /** The key the client gave. */
    final String key;
    /** Unique among every graph: the job and the key; the workers keep results under it. */
    final String dataId;
    final boolean output;
    final boolean persist;
    /** Tasks of the same graph whose results it reads. */
    final List<Task> inputs = new ArrayList<>(2);
    /** Results of earlier graphs (persisted) that it reads, by data id. */
    final List<String> heldInputs = new ArrayList<>(0);
    /** Tasks of the same graph that read its result. */
    final List<Task> users = new ArrayList<>(1);
    /** Users not finished yet: the result is needed while this is above 0. */
    int unfinishedUsers;
    /** The worker holding the result; null before it is computed and after it was dropped or lost. */
    Worker holder;
    long bytes;

    GraphNode(String key, String dataId, boolean output, boolean persist) {
        this.key = key;
        this.dataId = dataId;
        this.output = output;
        this.persist = persist;
    }

    /** Whether the result must stay on its worker: tasks still need it, or it is persisted. */
    boolean needed() {
        return unfinishedUsers > 0 || output && persist;
    }
}
