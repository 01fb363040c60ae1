package dev.bramble.controller.task;

/** Where a task is in its lifecycle; see {@code TaskLifecycle} for the legal moves. */
public enum TaskState {
    /** Accepted; waits for the tasks it runs after. */
    WAITING,
    /** Ready; sits in an engine's queue or the load-balanced queue. */
    QUEUED,
    /** Handed to an engine. */
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED,
    /** Not run, because a task it runs after failed and it was asked to skip. */
    SKIPPED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == SKIPPED;
    }

    public boolean successful() {
        return this == COMPLETED;
    }
}
