package dev.bramble.controller.store;

import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where tasks, jobs and engines outlive the controller process. Implementations are thread-safe; writes
 * come from one thread ({@link StoreWriter}), reads from any.
 */
public interface TaskStore extends AutoCloseable {

    /** A short name for the kind of store: "file", "memory", "postgres". */
    String kind();

    /** Writes the whole batch atomically (one transaction); returns when it is durable. */
    void write(StoreBatch batch);

    Optional<TaskSnapshot> task(long id);

    /** Tasks matching the query, in id order. */
    List<TaskSnapshot> tasks(TaskQuery query);

    /** The job's tasks in index order. */
    List<TaskSnapshot> jobTasks(long jobId);

    /**
     * The job's tasks in index order, for its answer: their arguments may be left out (empty), so that the
     * answer of a job of large arguments does not read them again.
     */
    default List<TaskSnapshot> jobOutcomes(long jobId) {
        return jobTasks(jobId);
    }

    /** Tasks not in a terminal state, in id order: what a restarted controller must run. */
    List<TaskSnapshot> unfinishedTasks();

    Optional<JobSnapshot> job(long id);

    /** The newest jobs first. */
    List<JobSnapshot> recentJobs(int limit);

    /** Jobs whose finishedAt is null. */
    List<JobSnapshot> unfinishedJobs();

    List<EngineSnapshot> engines();

    /** The largest task id ever stored, or 0. */
    long maxTaskId();

    /** The largest job id ever stored, or 0. */
    long maxJobId();

    /** Deletes finished jobs (and their tasks) submitted before the instant (all finished ones if null). */
    int purgeFinished(Instant before);

    /** Deletes one job and its tasks; returns how many tasks went. */
    int purgeJob(long jobId);

    /** The blobs that the stored tasks' arguments and results name ({@link dev.bramble.controller.task.BlobNames}). */
    Set<String> namedBlobs();

    /** Stores a bundle of classes under its hash; storing it again changes nothing. */
    void putBundle(String hash, byte[] bytes);

    /** A stored bundle's bytes. */
    Optional<byte[]> bundle(String hash);

    @Override
    void close();
}
