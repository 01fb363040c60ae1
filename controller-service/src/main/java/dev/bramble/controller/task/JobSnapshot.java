package dev.bramble.controller.task;

import java.time.Instant;

/**
 * An immutable description of a job: a group of tasks with consecutive ids submitted together.
 *
 * @param flatten every task returns a list and the job's results are their concatenation
 * @param finishedAt when the last task reached a terminal state; null while it runs
 * @param resultCount how many tasks, from the first, give the job's results (a graph's outputs); 0 for all
 */
public record JobSnapshot(long id, String label, long firstTaskId, int taskCount, boolean flatten,
        Instant submittedAt, Instant finishedAt, int resultCount) {

    /** A job whose every task gives a result. */
    public JobSnapshot(long id, String label, long firstTaskId, int taskCount, boolean flatten, Instant submittedAt, Instant finishedAt) {
        this(id, label, firstTaskId, taskCount, flatten, submittedAt, finishedAt, 0);
    }

    /** Whether the job is a graph (its results are its outputs). */
    public boolean graph() {
        return resultCount > 0;
    }
}
