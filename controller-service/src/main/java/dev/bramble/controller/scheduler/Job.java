package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A job as the scheduler holds it: counts of its tasks by state, and who waits for it to finish. */
final class Job {

    final long id;
    final String label;
    final long firstTaskId;
    final int taskCount;
    final boolean flatten;
    final Instant submittedAt;
    Instant finishedAt;
    final int[] counts = new int[TaskState.values().length];
    final List<CompletableFuture<Void>> waiters = new ArrayList<>(1);
    /** A graph's output keys (its first tasks, in order); empty for other jobs. */
    List<String> outputs = List.of();
    /** A graph's results computed again after their worker was lost. */
    int recomputed;
    /** About what its tasks take in memory with their arguments ({@code Sizes}). */
    long taskBytes;
    /** About what its tasks took in memory with their arguments and outputs when it finished. */
    long finishedBytes;

    Job(long id, String label, long firstTaskId, int taskCount, boolean flatten, Instant submittedAt) {
        this.id = id;
        this.label = label;
        this.firstTaskId = firstTaskId;
        this.taskCount = taskCount;
        this.flatten = flatten;
        this.submittedAt = submittedAt;
    }

    static Job restore(JobSnapshot s) {
        Job j = new Job(s.id(), s.label(), s.firstTaskId(), s.taskCount(), s.flatten(), s.submittedAt());
        j.finishedAt = s.finishedAt();
        j.resultCount = s.resultCount();
        return j;
    }

    int unfinished() {
        return counts[TaskState.WAITING.ordinal()] + counts[TaskState.QUEUED.ordinal()] + counts[TaskState.RUNNING.ordinal()];
    }

    JobSnapshot snapshot() {
        return new JobSnapshot(id, label, firstTaskId, taskCount, flatten, submittedAt, finishedAt, graph() ? outputs.size() : resultCount);
    }

    /** How many first tasks give the results of a graph restored from the store (its output keys are not kept). */
    int resultCount;

    boolean graph() {
        return !outputs.isEmpty() || resultCount > 0;
    }
}
