package dev.bramble.controller.task;

import java.time.Instant;

/**
 * An immutable description of a job: a group of tasks with consecutive ids submitted together.
 *
 * @param flatten every task returns a list and the job's results are their concatenation
 * @param finishedAt when the last task reached a terminal state; null while it runs
 */
public record JobSnapshot(long id, String label, long firstTaskId, int taskCount, boolean flatten,
        Instant submittedAt, Instant finishedAt) {
}
