package dev.bramble.controller.task;

import java.time.Instant;
import java.util.List;

/**
 * An immutable copy of everything known about a task at one moment: what the store keeps and what
 * queries answer with.
 *
 * @param key a graph task's key (as the client gave it); null for other tasks
 */
public record TaskSnapshot(
        long id,
        long jobId,
        int index,
        TaskKind kind,
        String function,
        String expression,
        Code code,
        List<Object> args,
        Integer target,
        TaskOptions options,
        TaskState state,
        Integer engine,
        int attempts,
        int engineLosses,
        Instant submittedAt,
        Instant startedAt,
        Instant completedAt,
        Object result,
        TaskError error,
        String stdout,
        String stderr,
        List<HistoryEntry> history,
        String key) {

    public TaskSnapshot {
        args = args == null ? List.of() : args;
        history = history == null ? List.of() : List.copyOf(history);
        options = options == null ? TaskOptions.DEFAULT : options;
    }

    /** A task that is not part of a graph (no key). */
    public TaskSnapshot(long id, long jobId, int index, TaskKind kind, String function, String expression, Code code, List<Object> args,
            Integer target, TaskOptions options, TaskState state, Integer engine, int attempts, int engineLosses, Instant submittedAt,
            Instant startedAt, Instant completedAt, Object result, TaskError error, String stdout, String stderr, List<HistoryEntry> history) {
        this(id, jobId, index, kind, function, expression, code, args, target, options, state, engine, attempts, engineLosses, submittedAt,
                startedAt, completedAt, result, error, stdout, stderr, history, null);
    }
}
