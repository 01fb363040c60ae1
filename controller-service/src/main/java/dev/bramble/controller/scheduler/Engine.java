package dev.bramble.controller.scheduler;

import java.time.Instant;
import java.util.ArrayDeque;

/** One engine: its direct queue and how much it may take. Touched only under the scheduler's lock. */
final class Engine {

    final int id;
    final Worker worker;
    final Instant registeredAt;
    /** Tasks pinned to this engine; entries no longer QUEUED are skipped when taken. */
    final ArrayDeque<Task> queue = new ArrayDeque<>();
    int queued;
    int running;
    /** How many more tasks the worker said this engine takes, less those handed out since. */
    int slots;

    Engine(int id, Worker worker, Instant registeredAt) {
        this.id = id;
        this.worker = worker;
        this.registeredAt = registeredAt;
    }
}
