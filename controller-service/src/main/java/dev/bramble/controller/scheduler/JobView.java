package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskError;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it.
 *
 * @param counts tasks by state name
 * @param results the results in submission order, when asked for and the job completed; else null
 * @param errors the errors of failed tasks once the job finished; else empty
 */
public record JobView(JobSnapshot job, State state, Map<String, Integer> counts, List<Object> results, List<FailedTask> errors) {

    public enum State {
        RUNNING,
        COMPLETED,
        FAILED,
        CANCELLED
    }

    /** The error of one failed task of the job; key is a graph task's key, else null. */
    public record FailedTask(long taskId, TaskError error, String key) {
    }
}
