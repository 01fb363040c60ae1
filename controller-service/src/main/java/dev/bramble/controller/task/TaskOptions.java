package dev.bramble.controller.task;

import java.util.List;

/**
 * How a task is run: retries after a failure, a timeout the engine enforces, the tasks it runs after.
 *
 * @param retries how many times a failed task runs again
 * @param timeoutMs the engine interrupts the task after this many milliseconds; 0 for none
 * @param after ids of tasks that must finish first
 * @param onDependencyFailure what to do when one of them does not complete
 * @param label free text, shown in queries
 */
public record TaskOptions(int retries, long timeoutMs, List<Long> after, DependencyFailure onDependencyFailure, String label) {

    public static final TaskOptions DEFAULT = new TaskOptions(0, 0, List.of(), DependencyFailure.FAIL, null);

    public TaskOptions {
        if (retries < 0) {
            throw new IllegalArgumentException("retries < 0: " + retries);
        }
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs < 0: " + timeoutMs);
        }
        after = after == null ? List.of() : List.copyOf(after);
        onDependencyFailure = onDependencyFailure == null ? DependencyFailure.FAIL : onDependencyFailure;
    }

    public TaskOptions withAfter(List<Long> ids) {
        return new TaskOptions(retries, timeoutMs, ids, onDependencyFailure, label);
    }
}
