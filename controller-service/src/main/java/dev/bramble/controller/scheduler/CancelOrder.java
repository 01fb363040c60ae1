package dev.bramble.controller.scheduler;

/** Tells a worker to stop running one attempt of a task on one engine. */
public record CancelOrder(long taskId, int attempt, int engine) {
}
