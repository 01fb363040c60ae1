package dev.bramble.controller.scheduler;

import java.util.List;

/** A submission: tasks that form one job. */
public record JobPlan(String label, boolean flatten, List<TaskPlan> tasks) {

    public JobPlan {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one task");
        }
    }
}
