package dev.bramble.client;

import dev.bramble.client.internal.NumberList;
import dev.bramble.client.internal.Values;
import dev.bramble.client.wire.model.Job;
import dev.bramble.client.wire.model.JobState;
import dev.bramble.client.wire.model.TaskError;
import dev.bramble.client.wire.model.TaskInfo;
import dev.bramble.client.wire.model.TaskPage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.LongStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The result of work submitted to the cluster, like ipyparallel's AsyncResult: a {@link Future} that
 * also tells its progress and each task's metadata. It rides out a controller restart: waiting retries
 * for the client's retry time (two minutes unless set otherwise).
 *
 * @param <T> the value: a list with one element per engine or per element mapped, or a single value
 */
public final class AsyncResult<T> implements Future<T> {

    private final Session session;
    private final Function<List<Object>, T> shape;
    private final boolean joinsParts;
    /** The engine of each result, when the job has one task per engine: its bulk results are read from its worker first. */
    private final List<Integer> engines;
    private volatile Job job;

    AsyncResult(Session session, Job job, Function<List<Object>, T> shape) {
        this(session, job, shape, false, null);
    }

    /** A result with one task per engine, in this order (apply and pull on a direct view). */
    AsyncResult(Session session, Job job, Function<List<Object>, T> shape, List<Integer> engines) {
        this(session, job, shape, false, engines);
    }

    private AsyncResult(Session session, Job job, Function<List<Object>, T> shape, boolean joinsParts, List<Integer> engines) {
        this.session = session;
        this.job = job;
        this.shape = shape;
        this.joinsParts = joinsParts;
        this.engines = engines;
    }

    /**
     * The result of a gather: one pull per engine, in this order, whose parts (JSON lists or binary lists,
     * "int-list" and "double-list") are joined here.
     */
    static <R> AsyncResult<List<R>> gathered(Session session, Job job, List<Integer> engines) {
        return new AsyncResult<>(session, job, AsyncResult::cast, true, engines);
    }

    @SuppressWarnings("unchecked")
    static <R> R cast(Object o) {
        return (R) o;
    }

    /** The job as last read from the controller. */
    Job job() {
        return job;
    }

    /** The job's id at the controller (GET /api/v1/jobs/{id}). */
    public long jobId() {
        return job.getId();
    }

    List<Long> taskIds() {
        return LongStream.range(job.getFirstTaskId(), job.getFirstTaskId() + job.getTaskCount()).boxed().toList();
    }

    private boolean finished(Job j) {
        return j.getState() != JobState.RUNNING;
    }

    /** Asks the controller, holding the request up to the wait until the job finished. */
    private Job refresh(double waitSeconds) {
        Job now = job;
        if (finished(now) && now.getResults() != null || finished(now) && now.getState() != JobState.COMPLETED) {
            return now;
        }
        Job fresh = session.wire.call(() -> session.wire.jobs.getJob(now.getId(), waitSeconds, true), true);
        job = fresh;
        return fresh;
    }

    /** Whether the job finished (successfully or not). */
    public boolean ready() {
        return finished(refresh(0));
    }

    /** Whether the job finished and every task completed. */
    public boolean successful() {
        return refresh(0).getState() == JobState.COMPLETED;
    }

    /** Waits up to the time for the job to finish; true if it did. */
    public boolean waitFor(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (finished(refresh(Math.max(0, Math.min(Session.SYNC_WAIT_SECONDS, left / 1e9))))) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
        }
    }

    /** How many of the job's tasks are finished, and how many failed. */
    public Progress progress() {
        Job j = refresh(0);
        var p = j.getProgress();
        int finished = p.getCompleted() + p.getFailed() + p.getCancelled() + p.getSkipped();
        return new Progress(p.getTotal(), finished, p.getFailed());
    }

    /** The value; a failed task throws {@link RemoteException} (not wrapped), a cancelled job {@link CancellationException}. */
    T join() {
        waitFor(Duration.ofDays(365));
        return value(job);
    }

    /**
     * A gather's parts in one list: lists joined (whether they came as JSON, as numbers or serialized),
     * anything else an element of its own.
     */
    private static List<Object> joined(List<Object> results, List<Object> parts) {
        if (results.stream().allMatch(Values::isListBlob)) {
            // Parts that came as numbers stay numbers: a million Integers are not made one by one.
            NumberList<?> numbers = NumberList.join(parts);
            if (numbers != null) {
                return cast(numbers);
            }
        }
        List<Object> joined = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                joined.addAll(list);
            } else {
                joined.add(part);
            }
        }
        return joined;
    }

    private T value(Job j) {
        if (j.getState() == JobState.COMPLETED) {
            List<Object> results = j.getResults();
            List<Object> values = new ArrayList<>(results.size());
            // A value pulled from several engines is read once.
            Values.Fetched fetched = new Values.Fetched();
            for (int i = 0; i < results.size(); i++) {
                Integer engine = engines != null && engines.size() == results.size() ? engines.get(i) : null;
                values.add(Values.decode(results.get(i), session.loader, session.resultBlobs(engine), fetched));
            }
            return shape.apply(joinsParts ? joined(results, values) : values);
        }
        if (j.getErrors() != null && !j.getErrors().isEmpty()) {
            List<RemoteException> failures = new ArrayList<>();
            for (TaskError e : j.getErrors()) {
                failures.add(new RemoteException(e.getTaskId(), e.getEngine(), e.getType(), e.getMessage(),
                        e.getStackTrace() == null ? List.of() : e.getStackTrace()));
            }
            throw RemoteException.of(failures);
        }
        throw new CancellationException("job " + j.getId() + " was cancelled");
    }

    @Override
    public T get() throws ExecutionException {
        try {
            return join();
        } catch (RemoteException e) {
            throw new ExecutionException(e);
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        return get(Duration.ofNanos(unit.toNanos(timeout)));
    }

    /** Waits up to the time; {@link TimeoutException} if the job is still running then. */
    public T get(Duration timeout) throws ExecutionException, TimeoutException {
        if (!waitFor(timeout)) {
            throw new TimeoutException("job " + jobId() + " is still running after " + timeout);
        }
        try {
            return value(job);
        } catch (RemoteException e) {
            throw new ExecutionException(e);
        }
    }

    /** Cancels every unfinished task of the job, queued or running (running ones are interrupted). */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (finished(job)) {
            return false;
        }
        job = session.wire.call(() -> session.wire.jobs.cancelJob(job.getId()), true);
        return job.getState() == JobState.CANCELLED;
    }

    @Override
    public boolean isCancelled() {
        return refresh(0).getState() == JobState.CANCELLED;
    }

    @Override
    public boolean isDone() {
        return ready();
    }

    /** The result as a CompletableFuture, completed from a background thread. */
    public CompletableFuture<T> toCompletableFuture() {
        return CompletableFuture.supplyAsync(this::join);
    }

    /** Each task's engine, times, attempts, captured output and error, in task order. */
    public List<TaskMetadata> metadata() {
        List<TaskMetadata> out = new ArrayList<>();
        long after = job.getFirstTaskId() - 1;
        while (true) {
            long from = after;
            TaskPage page = session.wire.call(() -> session.wire.tasks.listTasks(job.getId(), null, null, null, null, from, 1000), true);
            for (TaskInfo t : page.getTasks()) {
                TaskError e = t.getError();
                out.add(new TaskMetadata(t.getId(), t.getEngine(), t.getState().getValue(), t.getAttempts(), instant(t.getSubmittedAt()),
                        instant(t.getStartedAt()), instant(t.getCompletedAt()), t.getStdout(), t.getStderr(),
                        e == null ? null : e.getType(), e == null ? null : e.getMessage()));
            }
            if (page.getNextAfterId() == null) {
                return out;
            }
            after = page.getNextAfterId();
        }
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** Waits for the job with a progress bar on the console (standard error), like ipyparallel's wait_interactive. */
    public void waitInteractive() {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("job " + jobId()).setInitialMax(job.getTaskCount())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build()) {
            while (true) {
                Job j = refresh(0.5);
                var p = j.getProgress();
                bar.stepTo((long) p.getCompleted() + p.getFailed() + p.getCancelled() + p.getSkipped());
                if (finished(j)) {
                    bar.setExtraMessage(j.getState().getValue().toLowerCase());
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "AsyncResult[job " + jobId() + ", " + job.getState() + "]";
    }
}
