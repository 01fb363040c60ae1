package dev.bramble.controller.scheduler;

import java.time.Instant;

/** An engine as the API shows it. */
public record EngineView(int id, String workerId, String host, Long pid, boolean connected, Instant registeredAt, Instant lastSeenAt,
        int running, int queued, String dataUrl) {
}
