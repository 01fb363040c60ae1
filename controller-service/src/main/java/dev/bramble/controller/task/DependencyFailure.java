package dev.bramble.controller.task;

/** What a task does when a task it runs after does not complete. */
public enum DependencyFailure {
    FAIL,
    SKIP
}
