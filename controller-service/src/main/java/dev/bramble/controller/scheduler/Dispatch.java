package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.TaskKind;
import java.util.List;

/**
 * One task handed to one engine: what the worker needs to run it. A graph task also has the data id to
 * keep its result under, whether the result goes back in the report, and where its inputs are.
 */
public record Dispatch(long taskId, int attempt, int engine, TaskKind kind, String function, String expression, Code code, List<Object> args,
        long timeoutMs, String dataId, boolean output, List<Input> inputs) {

    /** Where one input of a graph task is: the holder's data URL, or null when the receiving worker holds it. */
    public record Input(String dataId, String url, long bytes) {
    }
}
