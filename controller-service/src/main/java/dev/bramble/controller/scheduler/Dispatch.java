package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.TaskKind;
import java.util.List;

/** One task handed to one engine: what the worker needs to run it. */
public record Dispatch(long taskId, int attempt, int engine, TaskKind kind, String function, String expression, Code code, List<Object> args,
        long timeoutMs) {
}
