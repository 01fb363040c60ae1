package dev.bramble.controller.store;

import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskSnapshot;
import java.util.Collection;
import java.util.List;

/**
 * Everything one group commit writes, in one transaction: upserts of tasks, jobs and engines, and the
 * engines that left the registry.
 */
public record StoreBatch(Collection<TaskSnapshot> tasks, Collection<JobSnapshot> jobs, Collection<EngineSnapshot> engines,
        Collection<Integer> removedEngines) {

    public static final StoreBatch EMPTY = new StoreBatch(List.of(), List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return tasks.isEmpty() && jobs.isEmpty() && engines.isEmpty() && removedEngines.isEmpty();
    }
}
