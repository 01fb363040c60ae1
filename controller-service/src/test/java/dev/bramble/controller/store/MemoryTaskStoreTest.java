package dev.bramble.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory store passes the contract (it survives "reopening" only as the same object), and keeps its memory bounded. */
class MemoryTaskStoreTest extends TaskStoreContract {

    @Override
    TaskStore create() {
        return new MemoryTaskStore();
    }

    @Override
    TaskStore reopen(TaskStore old) {
        return old;
    }

    /** A job of count tasks from firstTask, finished or not, written whole. */
    private static void write(TaskStore to, long jobId, long firstTask, int count, boolean finished) {
        List<TaskSnapshot> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(task(firstTask + i, jobId, i, finished ? TaskState.COMPLETED : TaskState.QUEUED, finished ? 0 : null, T0));
        }
        to.write(new StoreBatch(tasks, List.of(job(jobId, firstTask, count, T0, finished)), List.of(), List.of()));
    }

    @Test
    void theJobsThatFinishedFirstGoOnceMoreFinishedTasksThanItKeepsAreHeld() {
        MemoryTaskStore bounded = new MemoryTaskStore(5, Long.MAX_VALUE);
        write(bounded, 1, 1, 3, true);
        write(bounded, 2, 4, 3, false);
        write(bounded, 3, 7, 2, true);
        assertThat(bounded.recentJobs(10)).extracting(JobSnapshot::id).containsExactly(3L, 2L, 1L);

        write(bounded, 4, 9, 2, true);
        assertThat(bounded.job(1)).as("finished first, and 7 finished tasks are more than 5").isEmpty();
        assertThat(bounded.task(1)).isEmpty();
        assertThat(bounded.tasks(new TaskQuery(null, null, null, null, null, 0, 100))).extracting(TaskSnapshot::id)
                .containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);

        write(bounded, 2, 4, 3, true);
        assertThat(bounded.recentJobs(10)).as("job 3 finished before jobs 4 and 2").extracting(JobSnapshot::id).containsExactly(4L, 2L);
        assertThat(bounded.jobTasks(2)).hasSize(3);

        write(bounded, 5, 11, 9, true);
        assertThat(bounded.recentJobs(10)).as("the newest finished job stays, however large").extracting(JobSnapshot::id)
                .containsExactly(5L);
        assertThat(bounded.jobTasks(5)).hasSize(9);
    }

    @Test
    void theJobsThatFinishedFirstGoOnceTheFinishedTasksHoldMoreBytesThanItKeeps() {
        MemoryTaskStore bounded = new MemoryTaskStore(Long.MAX_VALUE, 2_500_000);
        String printed = "x".repeat(1_000_000);
        for (long job = 1; job <= 3; job++) {
            TaskSnapshot t = task(job, job, 0, TaskState.COMPLETED, 0, T0);
            TaskSnapshot loud = new TaskSnapshot(t.id(), t.jobId(), t.index(), t.kind(), t.function(), t.expression(), t.code(), t.args(),
                    t.target(), t.options(), t.state(), t.engine(), t.attempts(), t.engineLosses(), t.submittedAt(), t.startedAt(),
                    t.completedAt(), t.result(), t.error(), printed, null, t.history());
            bounded.write(new StoreBatch(List.of(loud), List.of(job(job, job, 1, T0, true)), List.of(), List.of()));
        }
        assertThat(bounded.recentJobs(10)).as("three jobs of a million characters of output each are more than 2.5 MB")
                .extracting(JobSnapshot::id).containsExactly(3L, 2L);
        assertThat(bounded.task(1)).isEmpty();
        assertThat(bounded.task(3)).get().extracting(TaskSnapshot::stdout).isEqualTo(printed);
    }

    @Test
    void aPurgedOrReopenedJobNoLongerCounts() {
        MemoryTaskStore bounded = new MemoryTaskStore(4, Long.MAX_VALUE);
        write(bounded, 1, 1, 2, true);
        write(bounded, 2, 3, 2, true);
        assertThat(bounded.purgeJob(2)).isEqualTo(2);
        write(bounded, 3, 5, 2, true);
        assertThat(bounded.job(1)).as("2 + 2 finished tasks: none over").isPresent();

        write(bounded, 1, 1, 2, false);
        write(bounded, 4, 7, 2, true);
        write(bounded, 5, 9, 2, true);
        assertThat(bounded.recentJobs(10)).as("job 1 runs again: jobs 3 and 4 finished before 5").extracting(JobSnapshot::id)
                .containsExactly(5L, 4L, 1L);
    }
}
