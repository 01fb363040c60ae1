package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.TaskError;
import java.time.Instant;

/** A worker's account of one finished attempt. */
public record Report(long taskId, int attempt, int engine, Outcome outcome, Object result, TaskError error, String stdout,
        String stderr, Instant startedAt, Instant completedAt) {

    public enum Outcome {
        COMPLETED,
        FAILED,
        TIMED_OUT,
        CANCELLED
    }
}
