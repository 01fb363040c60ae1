/**
 * The scheduler: the task state machine ({@link TaskLifecycle}), jobs, the per-engine and load-balanced
 * queues, long-polling workers, and the engine registry's effect on tasks. One lock
 * ({@link Scheduler}'s monitor) guards all of it; I/O (store writes, HTTP answers) happens after the
 * lock is released, driven by the effects the state machine returns. See {@code docs/scheduler.md}.
 */
package dev.bramble.controller.scheduler;
