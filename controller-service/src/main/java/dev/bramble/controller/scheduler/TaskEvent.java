package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.TaskError;
import java.time.Instant;

/**
 * Something that happened to a task. Which fields matter depends on the type; the factories fill them.
 */
record TaskEvent(Type type, Instant at, String cause, Integer engine, int unmetDependencies, boolean dependencyFailed,
        Object result, TaskError error, String stdout, String stderr, Instant startedAt, Instant completedAt) {

    enum Type {
        /** The task was accepted; carries how many of its dependencies are unfinished or failed. */
        SUBMIT,
        DEPENDENCIES_MET,
        DEPENDENCY_FAILED,
        /** Handed to an engine. */
        DISPATCH,
        COMPLETE,
        /** The function threw, or timed out on the engine. */
        FAIL,
        /** The engine's worker went away. */
        ENGINE_LOST,
        CANCEL,
        RESUBMIT,
        /** A graph task's result was lost with the worker holding it while tasks still need it; carries its unmet inputs. */
        RESULT_LOST,
        /** An input of a graph task is gone; carries how many inputs it now waits for, or that one can never come back. */
        INPUT_LOST
    }

    static TaskEvent submit(Instant at, int unmet, boolean failed) {
        return new TaskEvent(Type.SUBMIT, at, "submitted", null, unmet, failed, null, null, null, null, null, null);
    }

    static TaskEvent simple(Type type, Instant at, String cause) {
        return new TaskEvent(type, at, cause, null, 0, false, null, null, null, null, null, null);
    }

    static TaskEvent dispatch(Instant at, int engine) {
        return new TaskEvent(Type.DISPATCH, at, Causes.DISPATCHED.of(engine), engine, 0, false, null, null, null, null, null, null);
    }

    static TaskEvent engineLost(Instant at, int engine) {
        return new TaskEvent(Type.ENGINE_LOST, at, "engine " + engine + " lost", engine, 0, false, null, null, null, null, null, null);
    }

    static TaskEvent resultLost(Instant at, int unmet, String cause) {
        return new TaskEvent(Type.RESULT_LOST, at, cause, null, unmet, false, null, null, null, null, null, null);
    }

    static TaskEvent inputLost(Instant at, int unmet, boolean never, String cause) {
        return new TaskEvent(Type.INPUT_LOST, at, cause, null, unmet, never, null, null, null, null, null, null);
    }

    static TaskEvent complete(Instant at, int engine, Object result, String stdout, String stderr, Instant started, Instant completed) {
        return new TaskEvent(Type.COMPLETE, at, Causes.COMPLETED.of(engine), engine, 0, false, result, null, stdout, stderr,
                started, completed);
    }

    static TaskEvent fail(Instant at, int engine, TaskError error, String stdout, String stderr, Instant started, Instant completed) {
        return new TaskEvent(Type.FAIL, at, error.type() + " on engine " + engine + ": " + error.message(), engine, 0, false, null,
                error, stdout, stderr, started, completed);
    }

    /**
     * The causes every task's history repeats, one string per engine: a history holds hundreds of
     * thousands of them for a large graph.
     */
    enum Causes {
        DISPATCHED("dispatched to engine "),
        COMPLETED("completed on engine ");

        private final String prefix;
        private final java.util.concurrent.ConcurrentHashMap<Integer, String> byEngine = new java.util.concurrent.ConcurrentHashMap<>();

        Causes(String prefix) {
            this.prefix = prefix;
        }

        String of(int engine) {
            return byEngine.computeIfAbsent(engine, e -> prefix + e);
        }
    }
}
