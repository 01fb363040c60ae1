package dev.bramble.controller.task;

import java.time.Instant;

/** One transition of a task, with its cause ("dispatched to engine 2", "engine 2 lost"). */
public record HistoryEntry(Instant at, TaskState state, String cause, Integer engine, int attempt) {
}
