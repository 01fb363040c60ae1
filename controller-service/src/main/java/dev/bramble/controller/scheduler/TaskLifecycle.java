package dev.bramble.controller.scheduler;

import static dev.bramble.controller.task.TaskState.CANCELLED;
import static dev.bramble.controller.task.TaskState.COMPLETED;
import static dev.bramble.controller.task.TaskState.FAILED;
import static dev.bramble.controller.task.TaskState.QUEUED;
import static dev.bramble.controller.task.TaskState.RUNNING;
import static dev.bramble.controller.task.TaskState.SKIPPED;
import static dev.bramble.controller.task.TaskState.WAITING;

import dev.bramble.controller.scheduler.TaskEvent.Type;
import dev.bramble.controller.task.DependencyFailure;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task state machine, and the only code that changes a task's state. It does no I/O: {@link #apply}
 * takes an event, checks the move against {@link #TABLE}, updates the task, appends the cause to its
 * history and returns the effects the scheduler must carry out.
 *
 * <p>States: WAITING (dependencies unfinished), QUEUED, RUNNING, and the terminal COMPLETED, FAILED,
 * CANCELLED, SKIPPED. The legal moves:
 *
 * <pre>
 * WAITING   SUBMIT            -> WAITING | QUEUED | FAILED | SKIPPED
 * WAITING   DEPENDENCIES_MET  -> QUEUED
 * WAITING   DEPENDENCY_FAILED -> FAILED | SKIPPED
 * WAITING   CANCEL            -> CANCELLED
 * QUEUED    DISPATCH          -> RUNNING
 * QUEUED    ENGINE_LOST       -> FAILED            (its pinned engine is gone)
 * QUEUED    CANCEL            -> CANCELLED
 * RUNNING   COMPLETE          -> COMPLETED
 * RUNNING   FAIL              -> QUEUED | FAILED   (retries left or not)
 * RUNNING   ENGINE_LOST       -> QUEUED | FAILED   (load-balanced and lost fewer times than the limit, or not)
 * RUNNING   CANCEL            -> CANCELLED
 * terminal  RESUBMIT          -> QUEUED
 * COMPLETED RESULT_LOST       -> WAITING | QUEUED   (a graph result lost with its worker: computed again)
 * QUEUED    INPUT_LOST        -> WAITING | FAILED   (a graph input is gone: wait for it again, or it cannot come back)
 * RUNNING   INPUT_LOST        -> WAITING | QUEUED | FAILED
 * </pre>
 */
final class TaskLifecycle {

    /** What the scheduler does after a transition. */
    enum Effect {
        /** Put the task in its engine's queue, or the load-balanced queue. */
        ENQUEUE,
        /** Write the task's snapshot to the store. */
        PERSIST,
        /** The task is terminal: tell the tasks that run after it. */
        RELEASE_DEPENDENTS,
        /** Tell the engine running it to stop. */
        SIGNAL_CANCEL
    }

    static final Map<TaskState, Map<Type, Set<TaskState>>> TABLE = table();

    private final int engineLossLimit;

    /** @param engineLossLimit a load-balanced task whose engine is lost this many times fails instead of running again */
    TaskLifecycle(int engineLossLimit) {
        if (engineLossLimit < 1) {
            throw new IllegalArgumentException("engineLossLimit < 1: " + engineLossLimit);
        }
        this.engineLossLimit = engineLossLimit;
    }

    private static Map<TaskState, Map<Type, Set<TaskState>>> table() {
        Map<TaskState, Map<Type, Set<TaskState>>> t = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            t.put(s, new EnumMap<>(Type.class));
        }
        t.get(WAITING).put(Type.SUBMIT, EnumSet.of(WAITING, QUEUED, FAILED, SKIPPED));
        t.get(WAITING).put(Type.DEPENDENCIES_MET, EnumSet.of(QUEUED));
        t.get(WAITING).put(Type.DEPENDENCY_FAILED, EnumSet.of(FAILED, SKIPPED));
        t.get(WAITING).put(Type.CANCEL, EnumSet.of(CANCELLED));
        t.get(QUEUED).put(Type.DISPATCH, EnumSet.of(RUNNING));
        t.get(QUEUED).put(Type.ENGINE_LOST, EnumSet.of(FAILED));
        t.get(QUEUED).put(Type.CANCEL, EnumSet.of(CANCELLED));
        t.get(RUNNING).put(Type.COMPLETE, EnumSet.of(COMPLETED));
        t.get(RUNNING).put(Type.FAIL, EnumSet.of(QUEUED, FAILED));
        t.get(RUNNING).put(Type.ENGINE_LOST, EnumSet.of(QUEUED, FAILED));
        t.get(RUNNING).put(Type.CANCEL, EnumSet.of(CANCELLED));
        for (TaskState terminal : List.of(COMPLETED, FAILED, CANCELLED, SKIPPED)) {
            t.get(terminal).put(Type.RESUBMIT, EnumSet.of(QUEUED));
        }
        t.get(COMPLETED).put(Type.RESULT_LOST, EnumSet.of(WAITING, QUEUED));
        t.get(QUEUED).put(Type.INPUT_LOST, EnumSet.of(WAITING, FAILED));
        t.get(RUNNING).put(Type.INPUT_LOST, EnumSet.of(WAITING, QUEUED, FAILED));
        return t;
    }

    /** Whether the table allows the event in the state at all. */
    static boolean allowed(TaskState state, Type type) {
        return TABLE.get(state).containsKey(type);
    }

    /**
     * Moves the task. Throws {@link IllegalStateException} for a move the table does not have: that is a
     * bug in the caller, never a user's mistake.
     */
    List<Effect> apply(Task task, TaskEvent event) {
        TaskState from = task.state;
        Set<TaskState> legal = TABLE.get(from).get(event.type());
        if (legal == null) {
            throw new IllegalStateException("task " + task.id + ": " + event.type() + " is not allowed in state " + from);
        }
        TaskState to = target(task, event);
        if (!legal.contains(to)) {
            throw new IllegalStateException("task " + task.id + ": " + from + " -> " + to + " on " + event.type() + " is not in the table");
        }
        update(task, event, to);
        task.state = to;
        if (to != from || event.type() != Type.SUBMIT) {
            task.record(new HistoryEntry(event.at(), to, event.cause(), task.engine, task.attempts));
        }
        return effects(from, to, event.type());
    }

    private TaskState target(Task task, TaskEvent event) {
        return switch (event.type()) {
            case SUBMIT -> event.dependencyFailed() ? dependencyFailure(task)
                    : event.unmetDependencies() > 0 ? WAITING : QUEUED;
            case DEPENDENCIES_MET, RESUBMIT -> QUEUED;
            case DEPENDENCY_FAILED -> dependencyFailure(task);
            case DISPATCH -> RUNNING;
            case COMPLETE -> COMPLETED;
            case FAIL -> task.failures < task.options.retries() ? QUEUED : FAILED;
            case ENGINE_LOST -> task.state == RUNNING && task.loadBalanced() && task.engineLosses + 1 < engineLossLimit ? QUEUED : FAILED;
            case CANCEL -> CANCELLED;
            case RESULT_LOST -> event.unmetDependencies() > 0 ? WAITING : QUEUED;
            case INPUT_LOST -> event.dependencyFailed() ? FAILED : event.unmetDependencies() > 0 ? WAITING : QUEUED;
        };
    }

    private static TaskState dependencyFailure(Task task) {
        return task.options.onDependencyFailure() == DependencyFailure.SKIP ? SKIPPED : FAILED;
    }

    private void update(Task task, TaskEvent e, TaskState to) {
        switch (e.type()) {
            case SUBMIT -> {
                task.unmetDependencies = e.unmetDependencies();
                if (to == FAILED) {
                    task.error = TaskError.of(TaskError.DEPENDENCY, "a task it runs after did not complete", null);
                }
            }
            case DEPENDENCY_FAILED -> {
                if (to == FAILED) {
                    task.error = TaskError.of(TaskError.DEPENDENCY, e.cause(), null);
                }
                task.completedAt = e.at();
            }
            case DISPATCH -> {
                task.attempts++;
                task.engine = e.engine();
                task.startedAt = null;
            }
            case COMPLETE -> {
                task.result = e.result();
                task.error = null;
                outcome(task, e);
            }
            case FAIL -> {
                task.failures++;
                task.error = e.error();
                outcome(task, e);
            }
            case ENGINE_LOST -> {
                if (task.state == RUNNING) {
                    task.engineLosses++;
                }
                if (to == FAILED) {
                    String why = task.loadBalanced()
                            ? "the engines running it were lost " + (task.engineLosses) + " times; it may be what kills them"
                            : "engine " + e.engine() + ", the only engine it may run on, was lost";
                    task.error = TaskError.of(TaskError.ENGINE_LOST, why, e.engine());
                    task.completedAt = e.at();
                }
            }
            case CANCEL -> task.completedAt = e.at();
            case RESUBMIT -> {
                task.failures = 0;
                task.engineLosses = 0;
                task.result = null;
                task.error = null;
                task.completedAt = null;
                task.stdout = null;
                task.stderr = null;
            }
            case DEPENDENCIES_MET -> task.unmetDependencies = 0;
            case RESULT_LOST -> {
                task.unmetDependencies = e.unmetDependencies();
                task.result = null;
                task.completedAt = null;
            }
            case INPUT_LOST -> {
                task.unmetDependencies = e.unmetDependencies();
                if (to == FAILED) {
                    task.error = TaskError.of(TaskError.DEPENDENCY, e.cause(), e.engine());
                    task.completedAt = e.at();
                }
            }
        }
    }

    private static void outcome(Task task, TaskEvent e) {
        task.startedAt = e.startedAt();
        task.completedAt = e.completedAt() != null ? e.completedAt() : e.at();
        task.stdout = e.stdout();
        task.stderr = e.stderr();
    }

    private static List<Effect> effects(TaskState from, TaskState to, Type type) {
        if (to == RUNNING) {
            return List.of();
        }
        if (to == QUEUED) {
            return List.of(Effect.ENQUEUE, Effect.PERSIST);
        }
        if (to == WAITING) {
            return List.of(Effect.PERSIST);
        }
        if (from == RUNNING && type == Type.CANCEL) {
            return List.of(Effect.PERSIST, Effect.RELEASE_DEPENDENTS, Effect.SIGNAL_CANCEL);
        }
        return List.of(Effect.PERSIST, Effect.RELEASE_DEPENDENTS);
    }
}
