package dev.bramble.controller.store;

import dev.bramble.controller.task.TaskState;
import java.time.Instant;

/**
 * Which tasks a query wants; null fields do not filter. Results are in id order, after {@code afterId}.
 */
public record TaskQuery(Long jobId, TaskState state, Integer engine, Instant since, Instant until, long afterId, int limit) {

    public TaskQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1: " + limit);
        }
    }
}
