package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.TaskError;
import java.time.Instant;
import java.util.List;

/** A worker's account of one finished attempt. */
public record Report(long taskId, int attempt, int engine, Outcome outcome, Object result, TaskError error, String stdout,
        String stderr, Instant startedAt, Instant completedAt, long size, List<String> missing) {

    public enum Outcome {
        COMPLETED,
        FAILED,
        TIMED_OUT,
        CANCELLED,
        /** A graph task's input could not be fetched ({@link #missing} names the data ids). */
        INPUT_MISSING
    }
}
