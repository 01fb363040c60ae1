package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * A task as the scheduler holds it. Mutable, and only ever touched under the scheduler's lock; its state
 * changes only through {@link TaskLifecycle#apply}.
 */
final class Task {

    private static final byte[] NO_BYTES = new byte[0];

    final long id;
    final long jobId;
    final int index;
    final TaskKind kind;
    final String function;
    final String expression;
    final Code code;
    final List<Object> args;
    final Integer target;
    final TaskOptions options;
    final Instant submittedAt;

    TaskState state = TaskState.WAITING;
    Integer engine;
    int attempts;
    int failures;
    int engineLosses;
    int unmetDependencies;
    Instant startedAt;
    Instant completedAt;
    Object result;
    TaskError error;
    String stdout;
    String stderr;
    /**
     * Immutable, replaced at every transition: a snapshot shares it instead of copying it, so the store of a
     * finished task holds no second list.
     */
    List<HistoryEntry> history = List.of();
    /** The task's place in its graph; null for tasks that are not part of one. */
    GraphNode node;

    Task(long id, long jobId, int index, TaskKind kind, String function, String expression, Code code, List<Object> args, Integer target,
            TaskOptions options, Instant submittedAt) {
        this.id = id;
        this.jobId = jobId;
        this.index = index;
        this.kind = kind;
        this.function = function;
        this.expression = expression;
        this.code = code;
        this.args = args;
        this.target = target;
        this.options = options;
        this.submittedAt = submittedAt;
    }

    /** Rebuilds a task from the store after a restart; a task that was running is queued again. */
    static Task restore(TaskSnapshot s) {
        Task t = new Task(s.id(), s.jobId(), s.index(), s.kind(), s.function(), s.expression(), s.code(), s.args(), s.target(),
                s.options(), s.submittedAt());
        t.state = s.state() == TaskState.RUNNING ? TaskState.QUEUED : s.state();
        t.engine = s.engine();
        t.attempts = s.attempts();
        t.engineLosses = s.engineLosses();
        t.startedAt = s.startedAt();
        t.completedAt = s.completedAt();
        t.result = s.result();
        t.error = s.error();
        t.stdout = s.stdout();
        t.stderr = s.stderr();
        t.history = s.history();
        return t;
    }

    void record(HistoryEntry entry) {
        // Copied one by one: toArray into a typed array went through a type-checked copy whose speculation failed
        // once the JIT had compiled a transition, throwing away the controller's largest compiled method.
        int n = history.size();
        HistoryEntry[] next = new HistoryEntry[n + 1];
        for (int i = 0; i < n; i++) {
            next[i] = history.get(i);
        }
        next[n] = entry;
        history = List.of(next);
    }

    boolean loadBalanced() {
        return target == null;
    }

    TaskSnapshot snapshot() {
        // A graph task is never run again from the store (a graph does not survive a restart): its lambda's bytes, shared
        // by many tasks in memory, are not written once per task.
        Code stored = node != null && code != null ? new Code(code.bundle(), NO_BYTES) : code;
        return new TaskSnapshot(id, jobId, index, kind, function, expression, stored, args, target, options, state, engine, attempts,
                engineLosses, submittedAt, startedAt, completedAt, result, error, stdout, stderr, history, node == null ? null : node.key);
    }
}
