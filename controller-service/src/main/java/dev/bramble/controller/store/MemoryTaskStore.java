package dev.bramble.controller.store;

import dev.bramble.controller.task.BlobNames;
import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.Sizes;
import dev.bramble.controller.task.TaskSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A store that keeps everything in this process: fastest, and gone when the controller stops. It keeps the
 * finished jobs of at most a given number of tasks and of bytes (their arguments, results and output, as
 * {@link Sizes} estimates them): beyond either, the jobs that finished first are forgotten, as if purged (the
 * newest finished job and unfinished ones always stay), so that a controller that runs for long does not run
 * out of memory.
 */
public final class MemoryTaskStore implements TaskStore {

    private final ConcurrentNavigableMap<Long, TaskSnapshot> tasks = new ConcurrentSkipListMap<>();
    private final ConcurrentNavigableMap<Long, JobSnapshot> jobs = new ConcurrentSkipListMap<>();
    private final ConcurrentNavigableMap<Integer, EngineSnapshot> engines = new ConcurrentSkipListMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> bundles = new java.util.concurrent.ConcurrentHashMap<>();
    private final long finishedTasksKept;
    private final long finishedBytesKept;
    /** The finished jobs in the order they finished, with their task counts and sizes. */
    private final LinkedHashMap<Long, Kept> finished = new LinkedHashMap<>();
    private long finishedTasks;
    private long finishedBytes;

    private record Kept(int tasks, long bytes) {
    }

    /** A store that keeps every finished job until it is purged. */
    public MemoryTaskStore() {
        this(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** A store that keeps the finished jobs of at most this many tasks and bytes (and always the newest finished job). */
    public MemoryTaskStore(long finishedTasksKept, long finishedBytesKept) {
        if (finishedTasksKept < 0 || finishedBytesKept < 0) {
            throw new IllegalArgumentException("the finished tasks and bytes kept must not be negative: " + finishedTasksKept + ", "
                    + finishedBytesKept);
        }
        this.finishedTasksKept = finishedTasksKept;
        this.finishedBytesKept = finishedBytesKept;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public synchronized void write(StoreBatch batch) {
        batch.tasks().forEach(t -> tasks.put(t.id(), t));
        for (JobSnapshot j : batch.jobs()) {
            jobs.put(j.id(), j);
            if (j.finishedAt() == null) {
                forgetFinished(j.id());
            } else if (!finished.containsKey(j.id())) {
                Kept kept = new Kept(j.taskCount(), bytes(j));
                finished.put(j.id(), kept);
                finishedTasks += kept.tasks();
                finishedBytes += kept.bytes();
            }
        }
        batch.engines().forEach(e -> engines.put(e.id(), e));
        batch.removedEngines().forEach(engines::remove);
        for (Iterator<Map.Entry<Long, Kept>> oldest = finished.entrySet().iterator();
                (finishedTasks > finishedTasksKept || finishedBytes > finishedBytesKept) && finished.size() > 1; ) {
            Map.Entry<Long, Kept> job = oldest.next();
            oldest.remove();
            finishedTasks -= job.getValue().tasks();
            finishedBytes -= job.getValue().bytes();
            removeJob(job.getKey());
        }
    }

    /** What a finished job's tasks hold, as far as they are here (a batch writes the tasks before their job). */
    private long bytes(JobSnapshot job) {
        long n = 0;
        for (TaskSnapshot t : tasks.subMap(job.firstTaskId(), true, job.firstTaskId() + job.taskCount(), false).values()) {
            n += Sizes.of(t);
        }
        return n;
    }

    private void forgetFinished(long jobId) {
        Kept kept = finished.remove(jobId);
        if (kept != null) {
            finishedTasks -= kept.tasks();
            finishedBytes -= kept.bytes();
        }
    }

    @Override
    public Optional<TaskSnapshot> task(long id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public List<TaskSnapshot> tasks(TaskQuery q) {
        List<TaskSnapshot> out = new ArrayList<>();
        for (TaskSnapshot t : tasks.tailMap(q.afterId(), false).values()) {
            if (Matching.matches(q, t)) {
                out.add(t);
                if (out.size() == q.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public List<TaskSnapshot> jobTasks(long jobId) {
        JobSnapshot job = jobs.get(jobId);
        if (job == null) {
            return List.of();
        }
        return new ArrayList<>(tasks.subMap(job.firstTaskId(), true, job.firstTaskId() + job.taskCount(), false).values());
    }

    @Override
    public List<TaskSnapshot> unfinishedTasks() {
        return tasks.values().stream().filter(t -> !t.state().terminal()).toList();
    }

    @Override
    public Optional<JobSnapshot> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public List<JobSnapshot> recentJobs(int limit) {
        return jobs.descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public List<JobSnapshot> unfinishedJobs() {
        return jobs.values().stream().filter(j -> j.finishedAt() == null).toList();
    }

    @Override
    public List<EngineSnapshot> engines() {
        return engines.values().stream().sorted(Comparator.comparingInt(EngineSnapshot::id)).toList();
    }

    @Override
    public long maxTaskId() {
        return tasks.isEmpty() ? 0 : tasks.lastKey();
    }

    @Override
    public long maxJobId() {
        return jobs.isEmpty() ? 0 : jobs.lastKey();
    }

    @Override
    public synchronized int purgeFinished(Instant before) {
        int purged = 0;
        for (JobSnapshot job : List.copyOf(jobs.values())) {
            if (job.finishedAt() != null && (before == null || job.submittedAt().isBefore(before))) {
                purged += purgeJob(job.id());
            }
        }
        return purged;
    }

    @Override
    public synchronized int purgeJob(long jobId) {
        forgetFinished(jobId);
        return removeJob(jobId);
    }

    /** Removes the job and its tasks; returns how many tasks went. */
    private int removeJob(long jobId) {
        JobSnapshot job = jobs.remove(jobId);
        if (job == null) {
            return 0;
        }
        var range = tasks.subMap(job.firstTaskId(), true, job.firstTaskId() + job.taskCount(), false);
        int n = range.size();
        range.clear();
        return n;
    }

    @Override
    public Set<String> namedBlobs() {
        Set<String> named = new HashSet<>();
        for (TaskSnapshot t : tasks.values()) {
            BlobNames.of(t.args(), named);
            BlobNames.of(t.result(), named);
        }
        return named;
    }

    @Override
    public void putBundle(String hash, byte[] bytes) {
        bundles.putIfAbsent(hash, bytes.clone());
    }

    @Override
    public Optional<byte[]> bundle(String hash) {
        return Optional.ofNullable(bundles.get(hash)).map(byte[]::clone);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
