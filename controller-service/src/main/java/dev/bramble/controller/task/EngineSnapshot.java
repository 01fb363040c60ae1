package dev.bramble.controller.task;

import java.time.Instant;

/** An engine as the store remembers it, so that a restarted controller gives a worker its old ids. */
public record EngineSnapshot(int id, String workerId, String host, Long pid, Instant registeredAt) {
}
