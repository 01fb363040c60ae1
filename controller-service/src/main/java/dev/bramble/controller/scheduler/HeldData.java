package dev.bramble.controller.scheduler;

/** A result persisted on a worker for later graphs: its key, where it is and about how big. */
public record HeldData(String key, String dataId, String workerId, long bytes) {
}
