package dev.bramble.client;

import java.time.Instant;

/**
 * What is known about one task of a result: where and when it ran, what it printed, how it failed.
 *
 * @param state WAITING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED or SKIPPED
 */
public record TaskMetadata(long taskId, Integer engine, String state, int attempts, Instant submitted, Instant started,
        Instant completed, String stdout, String stderr, String errorType, String errorMessage) {
}
