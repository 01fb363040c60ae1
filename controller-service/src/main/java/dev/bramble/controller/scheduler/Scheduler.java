package dev.bramble.controller.scheduler;

import dev.bramble.controller.scheduler.SchedulerException.Kind;
import dev.bramble.controller.scheduler.TaskEvent.Type;
import dev.bramble.controller.scheduler.TaskLifecycle.Effect;
import dev.bramble.controller.store.StoreWriter;
import dev.bramble.controller.store.TaskQuery;
import dev.bramble.controller.store.TaskStore;
import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.Sizes;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every live task, job, queue and worker, and moves tasks through {@link TaskLifecycle}. All state
 * is guarded by this object's monitor. Each public method does its work under the lock while collecting
 * what must happen afterwards (answers to long polls, job waiters) and queueing store writes, so that no
 * I/O ever runs under the lock and store writes keep transition order.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final TaskStore store;
    private final StoreWriter writer;
    private final SchedulerSettings settings;
    private final TaskLifecycle lifecycle;
    private final Clock clock;
    private final Consumer<Duration> latencyRecorder;
    private final ScheduledExecutorService timer;
    /** Reads of the store for a job that left memory before its answer was made (see {@link #jobWithResults}). */
    private final ExecutorService storeReads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bramble-store-read");
        t.setDaemon(true);
        return t;
    });

    // Everything below is guarded by this.
    private final Map<Long, Task> tasks = new HashMap<>();
    private final Map<Long, Job> jobs = new HashMap<>();
    private final ArrayDeque<Long> finishedJobs = new ArrayDeque<>();
    private int finishedTasksInMemory;
    /** What the unfinished jobs' tasks and the finished jobs in memory take, about ({@link Sizes}). */
    private long unfinishedBytes;
    private long finishedBytes;
    private final Map<Long, List<Task>> dependents = new HashMap<>();
    private final ArrayDeque<Task> balanced = new ArrayDeque<>();
    private int balancedQueued;
    /** Tasks cancelled while queued since the queues were last cleared of them (a queue skips them as it reaches them). */
    private int finishedInQueues;
    private final TreeMap<Integer, Engine> engines = new TreeMap<>();
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final int[] stateCounts = new int[TaskState.values().length];
    private long nextTaskId;
    private long nextJobId;
    private long staleReports;
    private long resentAnswers;
    /** Tasks of unfinished graphs by data id, to find a result's task when its worker is lost. */
    private final Map<String, Task> graphTasks = new HashMap<>();
    /** Results persisted by graphs, by the client's key. */
    private final Map<String, HeldData> persisted = new LinkedHashMap<>();
    /** What GET /graphs/{id} shows of the most recent finished graphs, whose tasks have left memory. */
    private final Map<Long, GraphSummary> finishedGraphs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, GraphSummary> eldest) {
            return size() > FINISHED_GRAPHS;
        }
    };
    private static final int FINISHED_GRAPHS = 1_000;

    /** A finished graph's outputs, how many results were computed again, and its tasks per engine. */
    private record GraphSummary(List<String> outputs, int recomputed, Map<Integer, int[]> byEngine) {
    }

    /** What one locked section leaves to do once the lock is released. */
    private static final class Step {
        final List<TaskSnapshot> persistTasks = new ArrayList<>();
        final List<JobSnapshot> persistJobs = new ArrayList<>();
        final List<EngineSnapshot> persistEngines = new ArrayList<>();
        final List<Integer> removeEngines = new ArrayList<>();
        final List<Runnable> after = new ArrayList<>();
        boolean dispatch;

        void runAfter() {
            for (Runnable r : after) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("A completion callback failed", e);
                }
            }
        }
    }

    public Scheduler(TaskStore store, StoreWriter writer, SchedulerSettings settings, Clock clock, Consumer<Duration> latencyRecorder) {
        this.store = store;
        this.writer = writer;
        this.settings = settings;
        this.lifecycle = new TaskLifecycle(settings.engineLossLimit());
        this.clock = clock;
        this.latencyRecorder = latencyRecorder;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bramble-scheduler-timer");
            t.setDaemon(true);
            return t;
        });
        // Every long poll and every waiting submit sets a timeout, and most are cancelled within a millisecond:
        // left in the queue, each would wake the timer thread at its time and keep its memory until then.
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        recover();
        long period = Math.max(100, settings.heartbeatInterval().toMillis() / 2);
        timer.scheduleWithFixedDelay(this::checkLiveness, period, period, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- recovery

    private synchronized void recover() {
        Instant now = clock.instant();
        // A graph's intermediate tasks are not stored: new ids start after the newest job's whole range.
        long lastOfNewestJob = store.recentJobs(1).stream().mapToLong(j -> j.firstTaskId() + j.taskCount() - 1).max().orElse(0);
        nextTaskId = Math.max(store.maxTaskId(), lastOfNewestJob) + 1;
        nextJobId = store.maxJobId() + 1;
        for (EngineSnapshot e : store.engines()) {
            Worker w = workers.computeIfAbsent(e.workerId(), id -> new Worker(id, now));
            w.host = e.host();
            w.pid = e.pid();
            Engine engine = new Engine(e.id(), w, e.registeredAt());
            w.engines.add(engine);
            engines.put(e.id(), engine);
        }
        Step step = new Step();
        List<Task> unfinished = new ArrayList<>();
        for (JobSnapshot js : store.unfinishedJobs()) {
            if (js.graph()) {
                abandon(js, now, step);
                continue;
            }
            Job job = Job.restore(js);
            jobs.put(job.id, job);
            for (TaskSnapshot s : store.jobTasks(job.id)) {
                Task t = Task.restore(s);
                tasks.put(t.id, t);
                job.taskBytes += Sizes.ofTask(t.args, t.expression);
                count(job, t.state, +1);
                if (!t.state.terminal()) {
                    unfinished.add(t);
                }
            }
            unfinishedBytes += job.taskBytes;
        }
        for (Task t : unfinished) {
            if (t.state == TaskState.QUEUED) {
                enqueue(t, step);
            } else if (t.state == TaskState.WAITING) {
                resolveDependencies(t, step, true);
            }
        }
        for (Job job : List.copyOf(jobs.values())) {
            maybeFinish(job, step);
        }
        commit(step);
        if (!unfinished.isEmpty() || !workers.isEmpty()) {
            log.info("Recovered {} unfinished tasks in {} jobs and {} engines of {} workers from the {} store", unfinished.size(),
                    jobs.size(), engines.size(), workers.size(), store.kind());
        }
    }

    /**
     * A graph that was running when the controller stopped cannot go on (its intermediate results were
     * on workers that forgot them, and its tasks were not stored): it ends cancelled, its missing outputs
     * stored as cancelled with the reason.
     */
    private void abandon(JobSnapshot js, Instant now, Step step) {
        Set<Long> stored = new HashSet<>();
        store.jobTasks(js.id()).forEach(t -> stored.add(t.id()));
        String cause = "the controller restarted while the graph ran; a graph does not survive that: submit it again";
        for (int i = 0; i < js.resultCount(); i++) {
            long id = js.firstTaskId() + i;
            if (!stored.contains(id)) {
                step.persistTasks.add(new TaskSnapshot(id, js.id(), i, TaskKind.GRAPH, null, null, null, List.of(), null, null,
                        TaskState.CANCELLED, null, 0, 0, js.submittedAt(), null, now, null, null, null, null,
                        List.of(new HistoryEntry(now, TaskState.CANCELLED, cause, null, 0))));
            }
        }
        step.persistJobs.add(new JobSnapshot(js.id(), js.label(), js.firstTaskId(), js.taskCount(), js.flatten(), js.submittedAt(), now,
                js.resultCount()));
        log.info("Graph job {} was running when the controller stopped; it is cancelled", js.id());
    }

    // ---------------------------------------------------------------- submit and wait

    /**
     * Accepts a job. The future completes once the job is durable in the store (then, with a positive
     * wait, once it finished or the wait ran out) and fails with {@link SchedulerException} for bad input.
     */
    public CompletableFuture<JobView> submit(JobPlan plan, Duration wait) {
        Step step = new Step();
        long jobId;
        CompletableFuture<Void> durable;
        long bytes = 0;
        for (TaskPlan p : plan.tasks()) {
            bytes += Sizes.ofTask(p.args(), p.expression());
        }
        synchronized (this) {
            validate(plan);
            admit(bytes);
            Instant now = clock.instant();
            jobId = nextJobId++;
            long first = nextTaskId;
            nextTaskId += plan.tasks().size();
            Job job = new Job(jobId, plan.label(), first, plan.tasks().size(), plan.flatten(), now);
            job.taskBytes = bytes;
            unfinishedBytes += bytes;
            jobs.put(jobId, job);
            step.persistJobs.add(job.snapshot());
            List<Task> created = new ArrayList<>(plan.tasks().size());
            for (int i = 0; i < plan.tasks().size(); i++) {
                TaskPlan p = plan.tasks().get(i);
                Task t = new Task(first + i, jobId, i, p.kind(), p.function(), p.expression(), p.code(), p.args(), p.engine(),
                        options(p, first), now);
                tasks.put(t.id, t);
                count(job, TaskState.WAITING, +1);
                created.add(t);
            }
            for (Task t : created) {
                resolveDependencies(t, step, false);
            }
            maybeFinish(job, step);
            durable = commit(step);
        }
        step.runAfter();
        CompletableFuture<JobView> accepted = durable.handle((ok, error) -> {
            if (error != null) {
                throw new SchedulerException(Kind.UNAVAILABLE, null, null, "the store did not accept the job: " + rootMessage(error));
            }
            return null;
        }).thenCompose(ignored -> wait.isZero() ? jobWithResults(jobId) : await(jobId, wait));
        return accepted;
    }

    /**
     * Refuses a job whose tasks would take the unfinished jobs' beyond the task memory, unless nothing is
     * unfinished: the controller's heap is bounded (a Raspberry Pi's), and jobs queued beyond it would take it
     * down with everything it holds.
     */
    private void admit(long bytes) {
        if (unfinishedBytes > 0 && unfinishedBytes + bytes > settings.taskMemory()) {
            throw new SchedulerException(Kind.BUSY, null, null, "the unfinished tasks take about " + Sizes.shown(unfinishedBytes)
                    + " with their arguments and this job would add " + Sizes.shown(bytes) + ", more than the "
                    + Sizes.shown(settings.taskMemory())
                    + " the controller keeps for them (bramble.scheduler.task-memory); send it again when tasks have finished,"
                    + " or send bulk values as blobs");
        }
    }

    /** The task's options with the ids of the tasks of its job it runs after; the job's own options if none. */
    private static TaskOptions options(TaskPlan p, long firstTaskId) {
        if (p.afterIndexes().isEmpty()) {
            return p.options();
        }
        List<Long> after = new ArrayList<>(p.options().after());
        p.afterIndexes().forEach(ix -> after.add(firstTaskId + ix));
        return p.options().withAfter(after);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c != c.getCause()) {
            c = c.getCause();
        }
        return c.getMessage();
    }

    private void validate(JobPlan plan) {
        Set<String> functions = knownFunctions();
        for (int i = 0; i < plan.tasks().size(); i++) {
            TaskPlan p = plan.tasks().get(i);
            String field = "tasks[" + i + "]";
            if (p.engine() != null && !engines.containsKey(p.engine())) {
                throw SchedulerException.badRequest(field + ".engine", p.engine(), "engine " + p.engine() + " is not registered; engines: "
                        + engines.keySet());
            }
            checkFunction(p.function(), functions, field);
            for (int ix : p.afterIndexes()) {
                if (ix < 0 || ix >= i) {
                    throw SchedulerException.badRequest(field + ".afterIndexes", ix, "a task can only run after earlier tasks of the"
                            + " same request (indexes 0.." + (i - 1) + ")");
                }
            }
            for (long dep : p.options().after()) {
                if (stateOf(dep).isEmpty()) {
                    throw SchedulerException.badRequest(field + ".options.after", dep, "task " + dep + " does not exist");
                }
            }
        }
    }

    private static void checkFunction(String function, Set<String> known, String field) {
        if (function != null && !known.isEmpty() && !known.contains(function)) {
            throw SchedulerException.badRequest(field + ".function", function, "no worker offers the function '" + function
                    + "'; known functions: " + new java.util.TreeSet<>(known));
        }
    }

    /** The union of the functions that connected workers offer; empty when none is connected. */
    public synchronized Set<String> knownFunctions() {
        Set<String> all = new HashSet<>();
        workers.values().forEach(w -> all.addAll(w.functions));
        return all;
    }

    private Optional<TaskState> stateOf(long taskId) {
        Task t = tasks.get(taskId);
        if (t != null) {
            return Optional.of(t.state);
        }
        if (taskId >= nextTaskId) {
            return Optional.empty();
        }
        return store.task(taskId).map(TaskSnapshot::state);
    }

    private void resolveDependencies(Task t, Step step, boolean restoring) {
        int unmet = 0;
        boolean failed = false;
        String failedCause = null;
        for (long dep : dependencyIds(t)) {
            TaskState s = stateOf(dep).orElse(TaskState.CANCELLED);
            if (s.terminal()) {
                if (!s.successful()) {
                    failed = true;
                    failedCause = "task " + dep + " it runs after is " + s;
                }
            } else {
                unmet++;
                dependents.computeIfAbsent(dep, k -> new ArrayList<>(1)).add(t);
            }
        }
        Instant now = clock.instant();
        if (!restoring) {
            transition(t, TaskEvent.submit(now, unmet, failed), step);
        } else if (failed) {
            transition(t, TaskEvent.simple(Type.DEPENDENCY_FAILED, now, failedCause), step);
        } else if (unmet == 0) {
            transition(t, TaskEvent.simple(Type.DEPENDENCIES_MET, now, "dependencies met"), step);
        } else {
            t.unmetDependencies = unmet;
        }
    }

    /** The ids of the tasks it runs after: a graph task's inputs, else its options' {@code after}. */
    private static List<Long> dependencyIds(Task t) {
        if (t.node == null) {
            return t.options.after();
        }
        List<Long> ids = new ArrayList<>(t.node.inputs.size());
        t.node.inputs.forEach(in -> ids.add(in.id));
        return ids;
    }

    /** Completes with the job's view once it finished, or when the wait runs out (still running then). */
    public CompletableFuture<JobView> await(long jobId, Duration wait) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            Job job = jobs.get(jobId);
            if (job != null && job.finishedAt == null && !wait.isZero()) {
                job.waiters.add(done);
                ScheduledFuture<?> timeout = timer.schedule(() -> done.complete(null), wait.toMillis(), TimeUnit.MILLISECONDS);
                done.whenComplete((v, e) -> timeout.cancel(false));
            } else {
                done.complete(null);
            }
        }
        return done.thenCompose(v -> jobWithResults(jobId));
    }

    /**
     * The job with its results, read from memory at once or from the store on a thread of its own: this may run on
     * the store writer's thread (once a job is durable), where a read of the store would wait for the writer itself.
     */
    private CompletableFuture<JobView> jobWithResults(long jobId) {
        JobView inMemory = jobInMemory(jobId, true);
        return inMemory != null ? CompletableFuture.completedFuture(inMemory) : CompletableFuture.supplyAsync(() -> job(jobId, true), storeReads);
    }

    // ---------------------------------------------------------------- queries

    /** The job, with its results in order when asked and it completed. */
    public JobView job(long jobId, boolean includeResults) {
        JobView inMemory = jobInMemory(jobId, includeResults);
        if (inMemory != null) {
            return inMemory;
        }
        JobSnapshot snapshot = durableRead(() -> store.job(jobId)).orElseThrow(() -> SchedulerException.notFound("job", jobId));
        List<TaskSnapshot> own = store.jobOutcomes(jobId);
        int[] counts = new int[TaskState.values().length];
        own.forEach(t -> counts[t.state().ordinal()]++);
        if (snapshot.graph() && snapshot.finishedAt() != null) {
            // Every terminal state but COMPLETED of a graph's intermediate task is written: the others completed.
            counts[TaskState.COMPLETED.ordinal()] += snapshot.taskCount() - own.size();
        }
        return view(snapshot, countMap(counts), own.stream().map(t -> new Outcome(t.state(), t.result(), t.error(), t.id(), t.key()))
                .toList(), includeResults);
    }

    /** The job's view if it is in memory, else null. */
    private synchronized JobView jobInMemory(long jobId, boolean includeResults) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return null;
        }
        // Results and errors exist only for a finished job: a running one's view is its counts.
        List<Outcome> outcomes = new ArrayList<>(job.unfinished() > 0 ? 0 : job.taskCount);
        for (int i = 0; job.unfinished() == 0 && i < job.taskCount; i++) {
            Task t = tasks.get(job.firstTaskId + i);
            outcomes.add(new Outcome(t.state, t.result, t.error, t.id, t.node == null ? null : t.node.key));
        }
        return view(job.snapshot(), countMap(job.counts), outcomes, includeResults);
    }

    private record Outcome(TaskState state, Object result, TaskError error, long taskId, String key) {
    }

    private static JobView view(JobSnapshot job, Map<String, Integer> counts, List<Outcome> outcomes, boolean includeResults) {
        int unfinished = counts.get("WAITING") + counts.get("QUEUED") + counts.get("RUNNING");
        JobView.State state;
        if (unfinished > 0) {
            state = JobView.State.RUNNING;
        } else if (counts.get("FAILED") > 0) {
            state = JobView.State.FAILED;
        } else if (counts.get("CANCELLED") + counts.get("SKIPPED") > 0) {
            state = JobView.State.CANCELLED;
        } else {
            state = JobView.State.COMPLETED;
        }
        List<Object> results = null;
        if (includeResults && state == JobView.State.COMPLETED) {
            List<Outcome> giving = job.resultCount() > 0 ? outcomes.subList(0, job.resultCount()) : outcomes;
            results = new ArrayList<>(giving.size());
            for (Outcome o : giving) {
                if (job.flatten() && o.result() instanceof List<?> list) {
                    results.addAll(list);
                } else {
                    results.add(o.result());
                }
            }
        }
        List<JobView.FailedTask> errors = new ArrayList<>();
        if (unfinished == 0) {
            for (Outcome o : outcomes) {
                if (o.state() == TaskState.FAILED && o.error() != null) {
                    errors.add(new JobView.FailedTask(o.taskId(), o.error(), o.key()));
                }
            }
        }
        return new JobView(job, state, counts, results, errors);
    }

    private static Map<String, Integer> countMap(int[] counts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (TaskState s : TaskState.values()) {
            m.put(s.name(), counts[s.ordinal()]);
        }
        return m;
    }

    public List<JobView> recentJobs(int limit) {
        List<JobSnapshot> recent = durableRead(() -> store.recentJobs(limit));
        List<JobView> out = new ArrayList<>(recent.size());
        for (JobSnapshot j : recent) {
            try {
                out.add(job(j.id(), false));
            } catch (SchedulerException e) {
                // purged meanwhile
            }
        }
        return out;
    }

    public TaskSnapshot task(long taskId) {
        synchronized (this) {
            Task t = tasks.get(taskId);
            if (t != null) {
                return t.snapshot();
            }
        }
        return durableRead(() -> store.task(taskId)).orElseThrow(() -> SchedulerException.notFound("task", taskId));
    }

    /** Tasks as the store has them, after everything accepted so far is written. */
    public List<TaskSnapshot> tasks(TaskQuery query) {
        return durableRead(() -> store.tasks(query));
    }

    private <T> T durableRead(java.util.function.Supplier<T> read) {
        try {
            writer.flush().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException(Kind.UNAVAILABLE, null, null, "interrupted while waiting for the store");
        } catch (Exception e) {
            throw new SchedulerException(Kind.UNAVAILABLE, null, null, "the store is not answering: " + rootMessage(e));
        }
        return read.get();
    }

    public synchronized List<EngineView> engines() {
        List<EngineView> out = new ArrayList<>(engines.size());
        for (Engine e : engines.values()) {
            Worker w = e.worker;
            out.add(new EngineView(e.id, w.id, w.host, w.pid, w.connected, e.registeredAt, w.lastSeen, e.running, e.queued, w.dataUrl));
        }
        return out;
    }

    /** Counts for metrics: tasks by state (of those in memory), queue lengths, engines. */
    public synchronized Stats stats() {
        int direct = 0;
        for (Engine e : engines.values()) {
            direct += e.queued;
        }
        int heldKeys = 0;
        long heldBytes = 0;
        long fetches = 0;
        long fetchedBytes = 0;
        for (Worker w : workers.values()) {
            heldKeys += w.held.size();
            heldBytes += w.heldBytes;
            fetches += w.fetches;
            fetchedBytes += w.fetchedBytes;
        }
        return new Stats(countMap(stateCounts), direct, balancedQueued, engines.size(), workers.size(), staleReports, resentAnswers, heldKeys,
                heldBytes, fetches, fetchedBytes);
    }

    /**
     * What the metrics show.
     *
     * @param resentAnswers answers with work sent again because their worker did not acknowledge them
     * @param heldKeys graph results the workers hold now
     * @param fetches graph results the connected workers fetched from each other (since they started)
     */
    public record Stats(Map<String, Integer> tasksByState, int directQueued, int balancedQueued, int engines, int workers,
            long staleReports, long resentAnswers, int heldKeys, long heldBytes, long fetches, long fetchedBytes) {
    }

    // ---------------------------------------------------------------- cancel, resubmit, purge

    public TaskSnapshot cancelTask(long taskId) {
        Step step = new Step();
        TaskSnapshot result;
        synchronized (this) {
            Task t = tasks.get(taskId);
            if (t == null) {
                result = null;
            } else {
                result = cancel(t, step);
            }
        }
        if (result == null) {
            TaskSnapshot finished = task(taskId);
            throw new SchedulerException(Kind.CONFLICT, "taskId", taskId, "task " + taskId + " is already " + finished.state());
        }
        step.runAfter();
        return result;
    }

    private TaskSnapshot cancel(Task t, Step step) {
        long taskId = t.id;
        {
            if (t.state.terminal()) {
                throw new SchedulerException(Kind.CONFLICT, "taskId", taskId, "task " + taskId + " is already " + t.state);
            }
            transition(t, TaskEvent.simple(Type.CANCEL, clock.instant(), "cancelled by the client"), step);
            dropFinishedFromQueues();
            commit(step);
            return t.snapshot();
        }
    }

    public JobView cancelJob(long jobId) {
        Step step = new Step();
        synchronized (this) {
            Job job = jobs.get(jobId);
            if (job == null) {
                step = null;
            } else {
                cancelAll(job, step);
            }
        }
        if (step != null) {
            step.runAfter();
        }
        return job(jobId, true);
    }

    private void cancelAll(Job job, Step step) {
        long jobId = job.id;
        {
            Instant now = clock.instant();
            for (int i = 0; i < job.taskCount; i++) {
                // A graph's tasks leave memory as it finishes, which cancelling its first output does (cancelRest).
                Task t = tasks.get(job.firstTaskId + i);
                if (t != null && !t.state.terminal()) {
                    transition(t, TaskEvent.simple(Type.CANCEL, now, "job " + jobId + " cancelled by the client"), step);
                }
            }
            dropFinishedFromQueues();
            commit(step);
        }
    }

    public TaskSnapshot resubmitTask(long taskId) {
        boolean inMemory;
        synchronized (this) {
            inMemory = tasks.containsKey(taskId);
        }
        Evicted evicted = inMemory ? null : loadEvicted(taskId);
        Step step = new Step();
        TaskSnapshot result;
        synchronized (this) {
            if (evicted != null && !jobs.containsKey(evicted.job().id())) {
                reinstate(evicted);
            }
            Task t = tasks.get(taskId);
            if (t == null) {
                throw SchedulerException.notFound("task", taskId);
            }
            if (!t.state.terminal()) {
                throw new SchedulerException(Kind.CONFLICT, "taskId", taskId, "task " + taskId + " is " + t.state
                        + "; only a finished task can be resubmitted");
            }
            if (t.target != null && !engines.containsKey(t.target)) {
                throw new SchedulerException(Kind.CONFLICT, "taskId", taskId, "task " + taskId + " is pinned to engine " + t.target
                        + ", which is no longer registered");
            }
            transition(t, TaskEvent.simple(Type.RESUBMIT, clock.instant(), "resubmitted by the client"), step);
            result = t.snapshot();
            commit(step);
        }
        step.runAfter();
        return result;
    }

    private record Evicted(JobSnapshot job, List<TaskSnapshot> tasks) {
    }

    /** Reads a finished job that lives in the store only (no lock held). */
    private Evicted loadEvicted(long taskId) {
        TaskSnapshot s = durableRead(() -> store.task(taskId)).orElseThrow(() -> SchedulerException.notFound("task", taskId));
        JobSnapshot js = store.job(s.jobId()).orElseThrow(() -> SchedulerException.notFound("job", s.jobId()));
        return new Evicted(js, store.jobTasks(js.id()));
    }

    /** Brings an evicted finished job back into memory, to change it. */
    private void reinstate(Evicted evicted) {
        Job job = Job.restore(evicted.job());
        jobs.put(job.id, job);
        for (TaskSnapshot ts : evicted.tasks()) {
            Task t = Task.restore(ts);
            tasks.put(t.id, t);
            job.taskBytes += Sizes.ofTask(t.args, t.expression);
            count(job, t.state, +1);
        }
        unfinishedBytes += job.taskBytes;
        markFinished(job);
    }

    /** Forgets a finished job. */
    public int purgeJob(long jobId) {
        synchronized (this) {
            Job job = jobs.get(jobId);
            if (job != null) {
                if (job.finishedAt == null) {
                    throw new SchedulerException(Kind.CONFLICT, "jobId", jobId, "job " + jobId + " is still running; cancel it first");
                }
                forget(job);
            }
        }
        int n = durableRead(() -> store.purgeJob(jobId));
        if (n == 0) {
            throw SchedulerException.notFound("job", jobId);
        }
        return n;
    }

    /** The blobs that tasks name, every accepted task and reported result included. */
    public Set<String> namedBlobs() {
        return durableRead(store::namedBlobs);
    }

    /** Forgets finished jobs submitted before the instant (all finished ones if null). */
    public int purgeFinished(Instant before) {
        synchronized (this) {
            for (Job job : List.copyOf(jobs.values())) {
                if (job.finishedAt != null && (before == null || job.submittedAt.isBefore(before))) {
                    forget(job);
                }
            }
        }
        return durableRead(() -> store.purgeFinished(before));
    }

    private void forget(Job job) {
        for (int i = 0; i < job.taskCount; i++) {
            Task t = tasks.remove(job.firstTaskId + i);
            if (t != null) {
                stateCounts[t.state.ordinal()]--;
            }
        }
        jobs.remove(job.id);
        unmarkFinished(job);
        unfinishedBytes -= job.taskBytes;
    }

    // ---------------------------------------------------------------- workers

    /** Registers a worker; a worker the store remembers (same id) gets its old engine ids back. */
    public Registration.Answer register(Registration.Request req) {
        Step step = new Step();
        Registration.Answer answer;
        synchronized (this) {
            Instant now = clock.instant();
            Worker w = workers.get(req.workerId());
            if (w != null && w.engines.size() != req.engines()) {
                lose(w, "worker " + w.id + " came back with " + req.engines() + " engines instead of " + w.engines.size(), step);
                w = null;
            }
            if (w == null) {
                w = new Worker(req.workerId(), now);
                workers.put(w.id, w);
                for (int i = 0; i < req.engines(); i++) {
                    Engine e = new Engine(lowestFreeEngineId(), w, now);
                    w.engines.add(e);
                    engines.put(e.id, e);
                }
            } else {
                dropHeld(w, "worker " + w.id + " registered again without its results", step);
                List.copyOf(w.inFlight.values()).forEach(t -> transition(t, TaskEvent.engineLost(now, t.engine), step));
                // Their tasks are queued again; the worker drops these answers should they still come (lastAnswer).
                w.unacknowledged.clear();
            }
            w.dataUrl = req.dataUrl();
            w.host = req.host();
            w.pid = req.pid();
            w.functions = Set.copyOf(req.functions());
            w.connected = true;
            w.lastSeen = now;
            for (Engine e : w.engines) {
                step.persistEngines.add(new EngineSnapshot(e.id, w.id, w.host, w.pid, e.registeredAt));
            }
            answer = new Registration.Answer(w.id, w.engines.stream().map(e -> e.id).toList(), w.lastAnswer);
            commit(step);
            log.info("Worker {} on {} registered engines {}", w.id, w.host, answer.engineIds());
        }
        step.runAfter();
        return answer;
    }

    /** Engine ids are the smallest not in use, so a fresh cluster's engines are 0, 1, 2 ... as users expect. */
    private int lowestFreeEngineId() {
        int id = 0;
        while (engines.containsKey(id)) {
            id++;
        }
        return id;
    }

    /**
     * Marks the worker alive and takes its acknowledgements. The answer says whether the controller knows the
     * worker (if not, it must register again), and whether something waits for its next poll while none is
     * parked: a worker whose engines are all busy does not poll, so a cancel (or an answer to send again)
     * would otherwise wait until one of its tasks finishes.
     */
    public synchronized Liveness heartbeat(String workerId, List<Long> acks) {
        Worker w = workers.get(workerId);
        if (w == null || !w.connected) {
            return Liveness.UNKNOWN;
        }
        Instant now = clock.instant();
        w.lastSeen = now;
        acknowledge(w, acks);
        boolean waiting = !w.cancels.isEmpty() || !w.releases.isEmpty() || overdue(w, now) != null;
        return w.parked == null && waiting ? Liveness.POLL_NOW : Liveness.KNOWN;
    }

    /** What a heartbeat learns. */
    public enum Liveness {
        /** The controller does not know the worker: register again. */
        UNKNOWN,
        KNOWN,
        /** Known, and something waits for its next poll (a cancel, results to drop, an answer to send again). */
        POLL_NOW
    }

    /** A worker stops cleanly: what it still had runs elsewhere (load-balanced) or fails (pinned). */
    public boolean deregister(String workerId) {
        Step step = new Step();
        synchronized (this) {
            Worker w = workers.get(workerId);
            if (w == null) {
                return false;
            }
            lose(w, "worker " + workerId + " stopped", step);
            commit(step);
        }
        step.runAfter();
        return true;
    }

    /**
     * Takes a worker's acknowledgements, reports and capacities, and answers with work: at once when there
     * is some (or {@code waitMs} is 0), else when work arrives or the wait runs out. An answer with work the
     * worker has not acknowledged for {@link SchedulerSettings#answerResendAfter()} goes first, again (it was
     * lost on the way, or its acknowledgement is late). A newer long poll of the same worker answers an older
     * one with nothing. Capacity older than the newest applied (two polls of one worker crossed on the way) is
     * ignored; a negative sequence means an unnumbered capacity, always applied.
     */
    public CompletableFuture<PollResult> poll(String workerId, WorkerPoll poll) {
        Step step = new Step();
        CompletableFuture<PollResult> answer = new CompletableFuture<>();
        synchronized (this) {
            Worker w = workers.get(workerId);
            if (w == null || !w.connected) {
                return CompletableFuture.completedFuture(PollResult.UNKNOWN);
            }
            Instant now = clock.instant();
            w.lastSeen = now;
            acknowledge(w, poll.acks());
            w.fetches = Math.max(w.fetches, poll.fetches());
            w.fetchedBytes = Math.max(w.fetchedBytes, poll.fetchedBytes());
            for (Report r : poll.reports()) {
                onReport(r, step);
            }
            long capacitySequence = poll.capacitySequence();
            if (capacitySequence < 0 || capacitySequence >= w.capacitySequence) {
                w.capacitySequence = Math.max(w.capacitySequence, capacitySequence);
                w.roomBytes = poll.roomBytes();
                poll.capacity().forEach((id, slots) -> {
                    Engine e = engines.get(id);
                    if (e != null && e.worker == w) {
                        e.slots = Math.max(0, slots);
                    }
                });
            }
            PollResult resent = resend(w, now);
            PollResult result = resent != null ? resent : assign(w, step);
            boolean answerNow = !result.isEmpty() || resent != null || poll.waitMs() <= 0;
            if (poll.waitMs() > 0 && w.parked != null) {
                Worker.ParkedPoll old = w.parked;
                w.parked = null;
                old.timeout().cancel(false);
                step.after.add(() -> old.answer().complete(PollResult.EMPTY));
            }
            if (answerNow) {
                step.after.add(() -> answer.complete(result));
            } else {
                long ms = Math.min(poll.waitMs(), settings.maxPollWait().toMillis());
                var timeout = timer.schedule(() -> expire(w, answer), ms, TimeUnit.MILLISECONDS);
                w.parked = new Worker.ParkedPoll(answer, timeout);
            }
            step.dispatch = true;
            commit(step);
        }
        step.runAfter();
        return answer;
    }

    private void expire(Worker w, CompletableFuture<PollResult> answer) {
        synchronized (this) {
            if (w.parked != null && w.parked.answer() == answer) {
                w.parked = null;
            }
        }
        answer.complete(PollResult.EMPTY);
    }

    private static void acknowledge(Worker w, List<Long> acks) {
        if (!w.unacknowledged.isEmpty()) {
            for (Long sequence : acks) {
                w.unacknowledged.remove(sequence);
            }
        }
    }

    /** Numbers an answer with work and keeps it until the worker acknowledges it. */
    private PollResult numbered(Worker w, List<Dispatch> tasks, List<CancelOrder> cancels, List<String> releases, Instant now) {
        PollResult r = new PollResult(++w.lastAnswer, tasks, cancels, true, releases);
        w.unacknowledged.put(r.sequence(), new Worker.SentAnswer(r, now));
        return r;
    }

    /**
     * The worker's least recently sent answer, if it has gone unacknowledged too long: what of it still
     * stands (its tasks still running there in the same attempt, its cancels and releases), under its own
     * sequence, so that a worker which did get it drops the copy. Even an answer of which nothing stands
     * goes again, so that the worker, which acknowledges it then, has every sequence.
     */
    private PollResult resend(Worker w, Instant now) {
        Worker.SentAnswer oldest = overdue(w, now);
        if (oldest == null) {
            return null;
        }
        PollResult was = oldest.result();
        List<Dispatch> standing = was.tasks().stream().filter(d -> runsThere(w.inFlight.get(d.taskId()), d)).toList();
        PollResult again = new PollResult(was.sequence(), standing, was.cancels(), true, was.releases());
        w.unacknowledged.remove(was.sequence());
        w.unacknowledged.put(was.sequence(), new Worker.SentAnswer(again, now));
        resentAnswers++;
        log.info("Sending answer {} to worker {} again ({} of its {} tasks still stand): it was not acknowledged in {} ms",
                was.sequence(), w.id, standing.size(), was.tasks().size(), settings.answerResendAfter().toMillis());
        return again;
    }

    /** The worker's least recently sent answer if it has gone unacknowledged too long, else null. */
    private Worker.SentAnswer overdue(Worker w, Instant now) {
        if (w.unacknowledged.isEmpty()) {
            return null;
        }
        Worker.SentAnswer oldest = w.unacknowledged.values().iterator().next();
        return oldest.sentAt().plus(settings.answerResendAfter()).isAfter(now) ? null : oldest;
    }

    private static boolean runsThere(Task t, Dispatch d) {
        return t != null && t.state == TaskState.RUNNING && t.attempts == d.attempt() && t.engine != null && t.engine == d.engine();
    }

    private void onReport(Report r, Step step) {
        Task t = tasks.get(r.taskId());
        if (t == null || t.state != TaskState.RUNNING || t.attempts != r.attempt() || t.engine == null || t.engine != r.engine()) {
            staleReports++;
            return;
        }
        Instant now = clock.instant();
        switch (r.outcome()) {
            case COMPLETED -> {
                if (t.node != null) {
                    hold(t, engines.get(r.engine()).worker, r.size());
                }
                transition(t, TaskEvent.complete(now, r.engine(), r.result(), r.stdout(), r.stderr(), r.startedAt(), r.completedAt()), step);
                latencyRecorder.accept(Duration.between(t.submittedAt, now));
            }
            case FAILED -> transition(t, TaskEvent.fail(now, r.engine(), errorOf(r), r.stdout(), r.stderr(), r.startedAt(),
                    r.completedAt()), step);
            case TIMED_OUT -> transition(t, TaskEvent.fail(now, r.engine(), TaskError.of(TaskError.TIMEOUT, "interrupted after "
                    + t.options.timeoutMs() + " ms", r.engine()), r.stdout(), r.stderr(), r.startedAt(), r.completedAt()), step);
            case CANCELLED -> transition(t, TaskEvent.fail(now, r.engine(), TaskError.of("CancelledError",
                    "the engine stopped the task", r.engine()), r.stdout(), r.stderr(), r.startedAt(), r.completedAt()), step);
            case INPUT_MISSING -> inputsMissing(t, r.missing(), step);
        }
        if (t.node != null && t.state.terminal()) {
            graphTaskFinished(t, step);
        }
    }

    private static TaskError errorOf(Report r) {
        TaskError e = r.error();
        if (e == null) {
            return TaskError.of("UnknownError", "the engine reported a failure without an error", r.engine());
        }
        return e.engine() == null ? new TaskError(e.type(), e.message(), e.stackTrace(), r.engine()) : e;
    }

    private void checkLiveness() {
        Step step = new Step();
        synchronized (this) {
            Instant now = clock.instant();
            for (Worker w : List.copyOf(workers.values())) {
                Duration allowed = w.connected ? settings.heartbeatTimeout() : settings.reconnectGrace();
                if (w.lastSeen.isBefore(now.minus(allowed))) {
                    lose(w, "worker " + w.id + (w.connected ? " missed its heartbeats" : " did not come back after a restart"), step);
                } else if (w.parked != null) {
                    PollResult again = resend(w, now);
                    if (again != null) {
                        Worker.ParkedPoll p = w.parked;
                        w.parked = null;
                        p.timeout().cancel(false);
                        step.after.add(() -> p.answer().complete(again));
                    }
                }
            }
            commit(step);
        }
        step.runAfter();
    }

    private void lose(Worker w, String cause, Step step) {
        log.warn("Unregistering engines {}: {}", w.engines.stream().map(e -> e.id).toList(), cause);
        dropHeld(w, cause, step);
        Instant now = clock.instant();
        for (Task t : List.copyOf(w.inFlight.values())) {
            transition(t, TaskEvent.engineLost(now, t.engine), step);
        }
        for (Engine e : w.engines) {
            for (Task t : List.copyOf(e.queue)) {
                if (t.state == TaskState.QUEUED && t.target != null && t.target == e.id) {
                    transition(t, TaskEvent.engineLost(now, e.id), step);
                }
            }
            engines.remove(e.id);
            step.removeEngines.add(e.id);
        }
        workers.remove(w.id);
        for (Task t : w.preferred) {
            if (t.state == TaskState.QUEUED) {
                balanced.add(t);
            }
        }
        w.preferred.clear();
        Worker.ParkedPoll parked = w.parked;
        if (parked != null) {
            w.parked = null;
            parked.timeout().cancel(false);
            step.after.add(() -> parked.answer().complete(PollResult.UNKNOWN));
        }
        step.dispatch = true;
    }

    // ---------------------------------------------------------------- graphs

    private static long taskBytes(GraphPlan plan) {
        long bytes = 0;
        for (GraphPlan.Task t : plan.tasks()) {
            bytes += Sizes.ofTask(t.args(), t.expression());
        }
        return bytes;
    }

    /**
     * Accepts a graph whole (see {@link GraphPlan}). The job's first tasks are the outputs, in order, so
     * its results are their values. Completes like {@link #submit}.
     */
    public CompletableFuture<JobView> submitGraph(GraphPlan plan, Duration wait) {
        Step step = new Step();
        long jobId;
        CompletableFuture<Void> durable;
        // Each loop over the graph's tasks is a method of its own: a graph of 30,000 tasks runs a loop long
        // enough to be compiled while it runs, and one method holding them all was compiled whole for each
        // of its loops (docs/performance.md, "Warm-up").
        long bytes = taskBytes(plan);
        synchronized (this) {
            checkFunctions(plan);
            admit(bytes);
            GraphLayout layout = GraphLayout.of(plan, persisted.keySet());
            Instant now = clock.instant();
            jobId = nextJobId++;
            int n = plan.tasks().size();
            long first = nextTaskId;
            nextTaskId += n;
            Job job = new Job(jobId, plan.label(), first, n, false, now);
            job.outputs = plan.outputs();
            job.taskBytes = bytes;
            unfinishedBytes += bytes;
            jobs.put(jobId, job);
            step.persistJobs.add(job.snapshot());
            Task[] created = createGraphTasks(plan, layout, job, now);
            linkGraphTasks(layout, created);
            resolveAll(created, step);
            maybeFinish(job, step);
            durable = commit(step);
        }
        step.runAfter();
        long id = jobId;
        return durable.handle((ok, error) -> {
            if (error != null) {
                throw new SchedulerException(Kind.UNAVAILABLE, null, null, "the store did not accept the graph: " + rootMessage(error));
            }
            return null;
        }).thenCompose(ignored -> wait.isZero() ? jobWithResults(id) : await(id, wait));
    }

    private void checkFunctions(GraphPlan plan) {
        Set<String> functions = knownFunctions();
        for (int i = 0; i < plan.tasks().size(); i++) {
            checkFunction(plan.tasks().get(i).function(), functions, "tasks[" + i + "]");
        }
    }

    /** The graph's tasks in the layout's order (the outputs first), each registered and counted as waiting. */
    private Task[] createGraphTasks(GraphPlan plan, GraphLayout layout, Job job, Instant now) {
        int n = plan.tasks().size();
        String prefix = "j" + job.id + "/";
        Set<String> outputs = Set.copyOf(plan.outputs());
        // One data id string per task, shared by every reference to it.
        Map<String, String> dataIds = new HashMap<>(n * 2);
        plan.tasks().forEach(p -> dataIds.put(p.key(), prefix + p.key()));
        Task[] created = new Task[n];
        for (int pos = 0; pos < n; pos++) {
            int i = layout.order().get(pos);
            GraphPlan.Task p = plan.tasks().get(i);
            List<Object> args = new ArrayList<>(p.args().size());
            for (Object a : p.args()) {
                args.add(GraphLayout.rewrite(a, key -> dataIds.containsKey(key) ? dataIds.get(key) : persisted.get(key).dataId()));
            }
            Task t = new Task(job.firstTaskId + pos, job.id, pos, TaskKind.GRAPH, p.function(), p.expression(), p.code(), args, null,
                    p.options(), now);
            t.node = new GraphNode(p.key(), dataIds.get(p.key()), outputs.contains(p.key()), plan.persist());
            t.node.heldInputs.addAll(layout.held().get(i));
            created[pos] = t;
            tasks.put(t.id, t);
            graphTasks.put(t.node.dataId, t);
            count(job, TaskState.WAITING, +1);
        }
        return created;
    }

    /** Connects each created task (in the layout's order) with the tasks whose results it takes. */
    private static void linkGraphTasks(GraphLayout layout, Task[] created) {
        int n = created.length;
        int[] position = new int[n];
        for (int pos = 0; pos < n; pos++) {
            position[layout.order().get(pos)] = pos;
        }
        for (int i = 0; i < n; i++) {
            Task t = created[position[i]];
            for (int j : layout.inputs().get(i)) {
                Task in = created[position[j]];
                t.node.inputs.add(in);
                in.node.users.add(t);
                in.node.unfinishedUsers++;
            }
        }
    }

    private void resolveAll(Task[] created, Step step) {
        for (Task t : created) {
            resolveDependencies(t, step, false);
        }
    }

    /** The worker holding most of the task's input bytes, if any holds some and is connected. */
    private Worker nearestWorker(Task t) {
        Map<Worker, Long> bytes = new HashMap<>();
        for (Task in : t.node.inputs) {
            Worker h = in.node.holder;
            if (h != null) {
                bytes.merge(h, Math.max(1, in.node.bytes), Long::sum);
            }
        }
        for (String key : t.node.heldInputs) {
            HeldData d = persisted.get(key);
            Worker h = d == null ? null : workers.get(d.workerId());
            if (h != null) {
                bytes.merge(h, Math.max(1, d.bytes()), Long::sum);
            }
        }
        Worker best = null;
        long most = 0;
        for (Map.Entry<Worker, Long> e : bytes.entrySet()) {
            if (e.getKey().connected && e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    /** Where the task's inputs are, for a worker about to run it; null if one is on no worker. */
    private List<Dispatch.Input> inputsFor(Task t, Worker runner) {
        List<Dispatch.Input> out = new ArrayList<>(t.node.inputs.size() + t.node.heldInputs.size());
        for (Task in : t.node.inputs) {
            Worker h = in.node.holder;
            if (h == null || in.state != TaskState.COMPLETED) {
                return null;
            }
            out.add(new Dispatch.Input(in.node.dataId, h == runner ? null : h.dataUrl, in.node.bytes));
        }
        for (String key : t.node.heldInputs) {
            HeldData d = persisted.get(key);
            Worker h = d == null ? null : workers.get(d.workerId());
            if (h == null) {
                return null;
            }
            out.add(new Dispatch.Input(d.dataId(), h == runner ? null : h.dataUrl, d.bytes()));
        }
        return out;
    }

    /**
     * Sends a queued or running graph task back to wait for inputs that are gone: each lost result is
     * computed again; a lost persisted result cannot be, and the task fails.
     */
    private void waitForInputs(Task t, String cause, Step step) {
        for (String key : t.node.heldInputs) {
            HeldData d = persisted.get(key);
            if (d == null || !workers.containsKey(d.workerId())) {
                transition(t, TaskEvent.inputLost(clock.instant(), 0, true, "the persisted result '" + key + "' it reads was lost with"
                        + " its worker or released; it cannot be computed again"), step);
                return;
            }
        }
        transition(t, TaskEvent.inputLost(clock.instant(), awaitInputs(t, step), false, cause), step);
    }

    /** Registers the task with every input that is not available now (recomputing lost ones); returns how many. */
    private int awaitInputs(Task t, Step step) {
        int unmet = 0;
        for (Task in : t.node.inputs) {
            if (in.state == TaskState.COMPLETED && in.node.holder != null) {
                continue;
            }
            if (in.state == TaskState.COMPLETED) {
                recompute(in, step);
            }
            unmet++;
            dependents.computeIfAbsent(in.id, k -> new ArrayList<>(1)).add(t);
        }
        return unmet;
    }

    /** A completed task whose result is gone but still needed runs again; its users wait for it again. */
    private void recompute(Task t, Step step) {
        Job job = jobs.get(t.jobId);
        if (job != null) {
            job.recomputed++;
        }
        for (Task in : t.node.inputs) {
            in.node.unfinishedUsers++;
        }
        int unmet = awaitInputs(t, step);
        transition(t, TaskEvent.resultLost(clock.instant(), unmet, "its result " + t.node.key + " was lost with its worker; computing it"
                + " again"), step);
        for (Task u : t.node.users) {
            if (u.state == TaskState.WAITING) {
                u.unmetDependencies++;
                dependents.computeIfAbsent(t.id, k -> new ArrayList<>(1)).add(u);
            } else if (u.state == TaskState.QUEUED) {
                waitForInputs(u, "its input " + t.node.key + " was lost", step);
            }
        }
    }

    /** A worker holds a graph task's result. */
    private void hold(Task t, Worker w, long bytes) {
        if (t.node.holder != null && t.node.holder != w) {
            t.node.holder.releases.add(t.node.dataId);
            forgetHeld(t.node.holder, t.node.dataId);
        }
        t.node.holder = w;
        t.node.bytes = Math.max(0, bytes);
        Long before = w.held.put(t.node.dataId, t.node.bytes);
        w.heldBytes += t.node.bytes - (before == null ? 0 : before);
    }

    private static void forgetHeld(Worker w, String dataId) {
        Long bytes = w.held.remove(dataId);
        if (bytes != null) {
            w.heldBytes -= bytes;
        }
    }

    /** After a graph task finished: its inputs have one user less, and results nobody needs are dropped. */
    private void graphTaskFinished(Task t, Step step) {
        for (Task in : t.node.inputs) {
            in.node.unfinishedUsers--;
            dropIfUnneeded(in);
        }
        if (t.state == TaskState.COMPLETED && t.node.output && t.node.persist) {
            HeldData old = persisted.put(t.node.key, new HeldData(t.node.key, t.node.dataId, t.node.holder.id, t.node.bytes));
            if (old != null && !old.dataId().equals(t.node.dataId)) {
                release(old);
            }
        }
        dropIfUnneeded(t);
    }

    private void dropIfUnneeded(Task t) {
        Worker h = t.node.holder;
        if (h != null && !t.node.needed() && t.state.terminal()) {
            h.releases.add(t.node.dataId);
            forgetHeld(h, t.node.dataId);
            t.node.holder = null;
        }
    }

    private void release(HeldData d) {
        Worker h = workers.get(d.workerId());
        if (h != null) {
            h.releases.add(d.dataId());
            forgetHeld(h, d.dataId());
        }
    }

    /** A worker says it could not fetch inputs: they are no longer where the controller thought. */
    private void inputsMissing(Task t, List<String> missing, Step step) {
        for (String dataId : missing) {
            Task in = graphTasks.get(dataId);
            if (in != null && in.node.holder != null) {
                forgetHeld(in.node.holder, dataId);
                in.node.holder = null;
                if (in.state == TaskState.COMPLETED) {
                    recompute(in, step);
                }
            }
            persisted.values().removeIf(d -> d.dataId().equals(dataId));
        }
        waitForInputs(t, "inputs " + missing + " could not be fetched", step);
    }

    /** The worker's results are gone (it was lost, or came back without them): recompute what is still needed. */
    private void dropHeld(Worker w, String cause, Step step) {
        for (String dataId : List.copyOf(w.held.keySet())) {
            Task t = graphTasks.get(dataId);
            if (t != null && t.node.holder == w) {
                t.node.holder = null;
                if (t.state == TaskState.COMPLETED && t.node.needed()) {
                    log.info("Computing {} again: {}", t.node.key, cause);
                    recompute(t, step);
                }
            }
        }
        w.held.clear();
        w.heldBytes = 0;
        w.releases.clear();
        persisted.values().removeIf(d -> d.workerId().equals(w.id));
    }

    private void cancelRest(Job job, String cause, Step step) {
        Instant now = clock.instant();
        for (int i = 0; i < job.taskCount; i++) {
            Task t = tasks.get(job.firstTaskId + i);
            if (t != null && !t.state.terminal()) {
                transition(t, TaskEvent.simple(Type.CANCEL, now, cause), step);
            }
        }
    }

    /**
     * Drops cancelled tasks from the queues once they outnumber the queued ones: a queue that no engine takes
     * from (no worker yet, or all busy with long tasks) would keep them, and their memory, while the task memory
     * no longer counts them. At most once per as many cancellations as there are tasks queued; after a client's
     * cancel (a graph that cancels the rest of itself has engines at work, which empty the queues as they go).
     */
    private void dropFinishedFromQueues() {
        if (finishedInQueues <= Math.max(1_000, stateCounts[TaskState.QUEUED.ordinal()])) {
            return;
        }
        Predicate<Task> gone = t -> t.state != TaskState.QUEUED;
        balanced.removeIf(gone);
        engines.values().forEach(e -> e.queue.removeIf(gone));
        workers.values().forEach(w -> w.preferred.removeIf(gone));
        finishedInQueues = 0;
    }

    /** A graph job finished: every result it still holds is dropped, except persisted outputs. */
    private void graphFinished(Job job, Step step) {
        Map<Integer, int[]> byEngine = new TreeMap<>();
        for (int i = 0; i < job.taskCount; i++) {
            Task t = tasks.get(job.firstTaskId + i);
            if (t != null) {
                tally(byEngine, t.state, t.engine);
            }
        }
        finishedGraphs.put(job.id, new GraphSummary(job.outputs, job.recomputed, byEngine));
        for (int i = 0; i < job.taskCount; i++) {
            Task t = tasks.get(job.firstTaskId + i);
            if (t == null || t.node == null) {
                continue;
            }
            graphTasks.remove(t.node.dataId);
            boolean kept = t.state == TaskState.COMPLETED && t.node.output && t.node.persist;
            if (t.node.holder != null && !kept) {
                t.node.holder.releases.add(t.node.dataId);
                forgetHeld(t.node.holder, t.node.dataId);
                t.node.holder = null;
            }
        }
        // A cancelled graph leaves its tasks in the queues of workers that may not take work for a long time.
        workers.values().forEach(w -> w.preferred.removeIf(t -> t.state != TaskState.QUEUED));
        step.dispatch = true;
    }

    /** A graph's progress: tasks by state and engine, results held and fetched per worker. */
    public GraphView graph(long jobId) {
        JobView view = job(jobId, false);
        if (!view.job().graph()) {
            throw SchedulerException.notFound("graph", jobId);
        }
        Map<Integer, int[]> byEngine = new TreeMap<>();
        List<String> outputs;
        int recomputed;
        synchronized (this) {
            Job job = jobs.get(jobId);
            if (job != null) {
                for (int i = 0; i < job.taskCount; i++) {
                    Task t = tasks.get(job.firstTaskId + i);
                    tally(byEngine, t.state, t.engine);
                }
                outputs = job.outputs.isEmpty() ? null : job.outputs;
                recomputed = job.recomputed;
            } else {
                GraphSummary done = finishedGraphs.get(jobId);
                outputs = done == null ? null : done.outputs();
                recomputed = done == null ? 0 : done.recomputed();
                if (done != null) {
                    byEngine.putAll(done.byEngine());
                }
            }
        }
        if (outputs == null) {
            List<TaskSnapshot> own = store.jobTasks(jobId);
            byEngine.clear();
            own.forEach(t -> tally(byEngine, t.state(), t.engine()));
            outputs = own.subList(0, Math.min(own.size(), view.job().resultCount())).stream().map(TaskSnapshot::key).toList();
        }
        List<GraphView.EngineLoad> loads = new ArrayList<>();
        byEngine.forEach((e, c) -> loads.add(new GraphView.EngineLoad(e, c[0], c[1])));
        return new GraphView(view, outputs, recomputed, loads, workerData());
    }

    private static void tally(Map<Integer, int[]> byEngine, TaskState state, Integer engine) {
        if (engine != null && (state == TaskState.RUNNING || state == TaskState.COMPLETED)) {
            byEngine.computeIfAbsent(engine, k -> new int[2])[state == TaskState.RUNNING ? 0 : 1]++;
        }
    }

    private synchronized List<GraphView.WorkerData> workerData() {
        List<GraphView.WorkerData> out = new ArrayList<>(workers.size());
        for (Worker w : workers.values()) {
            out.add(new GraphView.WorkerData(w.id, w.dataUrl, w.held.size(), w.heldBytes, w.fetches, w.fetchedBytes));
        }
        return out;
    }

    /** Results persisted by graphs, in the order they were persisted. */
    public synchronized List<HeldData> persisted() {
        return List.copyOf(persisted.values());
    }

    /** Lets the workers drop a persisted result. */
    public HeldData releasePersisted(String key) {
        Step step = new Step();
        HeldData d;
        synchronized (this) {
            d = persisted.remove(key);
            if (d == null) {
                throw SchedulerException.notFound("persisted result", key);
            }
            release(d);
            step.dispatch = true;
            commit(step);
        }
        step.runAfter();
        return d;
    }

    // ---------------------------------------------------------------- the core

    private void transition(Task t, TaskEvent event, Step step) {
        TaskState from = t.state;
        Engine runningOn = from == TaskState.RUNNING && t.engine != null ? engines.get(t.engine) : null;
        List<Effect> effects = lifecycle.apply(t, event);
        TaskState to = t.state;
        Job job = jobs.get(t.jobId);
        if (from != to) {
            count(job, from, -1);
            count(job, to, +1);
        }
        if (from == TaskState.QUEUED && to != TaskState.QUEUED) {
            if (to.terminal()) {
                finishedInQueues++;
            }
            if (t.loadBalanced()) {
                balancedQueued--;
            } else {
                Engine e = engines.get(t.target);
                if (e != null) {
                    e.queued--;
                }
            }
        }
        if (runningOn != null) {
            runningOn.running--;
            runningOn.worker.inFlight.remove(t.id);
        }
        if (to == TaskState.RUNNING) {
            Engine e = engines.get(t.engine);
            e.running++;
            e.worker.inFlight.put(t.id, t);
        }
        for (Effect effect : effects) {
            switch (effect) {
                case ENQUEUE -> enqueue(t, step);
                case PERSIST -> {
                    // A graph's intermediate tasks are not written: a graph does not survive a restart. Its outputs and
                    // failures are, so that the job's results and errors can be read once it left memory.
                    if (t.node == null || to.terminal() && (t.node.output || to != TaskState.COMPLETED)) {
                        step.persistTasks.add(t.snapshot());
                    }
                }
                case RELEASE_DEPENDENTS -> release(t, step);
                case SIGNAL_CANCEL -> {
                    if (runningOn != null) {
                        runningOn.worker.cancels.add(new CancelOrder(t.id, t.attempts, runningOn.id));
                        step.dispatch = true;
                    }
                }
            }
        }
        if (job != null) {
            if (t.node != null && t.node.output && to.terminal() && to != TaskState.COMPLETED && !from.terminal()) {
                // As dask's compute raises at the first error: nothing else of the graph can give a result.
                cancelRest(job, "output " + t.node.key + " is " + to + ", so the rest of the graph is not needed", step);
            }
            if (to.terminal() && !from.terminal()) {
                maybeFinish(job, step);
            } else if (from.terminal() && !to.terminal() && job.finishedAt != null) {
                job.finishedAt = null;
                unmarkFinished(job);
                step.persistJobs.add(job.snapshot());
            }
        }
    }

    private void count(Job job, TaskState state, int delta) {
        stateCounts[state.ordinal()] += delta;
        if (job != null) {
            job.counts[state.ordinal()] += delta;
        }
    }

    private void enqueue(Task t, Step step) {
        if (t.loadBalanced()) {
            Worker near = t.node == null ? null : nearestWorker(t);
            ArrayDeque<Task> queue = near != null ? near.preferred : balanced;
            if (t.node != null && !t.node.inputs.isEmpty()) {
                // Depth first, as dask orders a graph: a task whose inputs just finished runs before new leaves, so
                // results are used, and dropped, soon after they are made.
                queue.addFirst(t);
            } else {
                queue.add(t);
            }
            balancedQueued++;
        } else {
            Engine e = engines.get(t.target);
            if (e == null) {
                transition(t, TaskEvent.engineLost(clock.instant(), t.target), step);
                return;
            }
            e.queue.add(t);
            e.queued++;
        }
        step.dispatch = true;
    }

    private void release(Task t, Step step) {
        List<Task> waiting = dependents.remove(t.id);
        if (waiting == null) {
            return;
        }
        Instant now = clock.instant();
        for (Task d : waiting) {
            if (d.state != TaskState.WAITING) {
                continue;
            }
            if (t.state.successful()) {
                if (--d.unmetDependencies == 0) {
                    transition(d, TaskEvent.simple(Type.DEPENDENCIES_MET, now, "task " + t.id + " it ran after completed"), step);
                }
            } else {
                transition(d, TaskEvent.simple(Type.DEPENDENCY_FAILED, now, "task " + t.id + " it runs after is " + t.state), step);
            }
        }
    }

    private void maybeFinish(Job job, Step step) {
        if (job.unfinished() > 0 || job.finishedAt != null) {
            return;
        }
        job.finishedAt = clock.instant();
        step.persistJobs.add(job.snapshot());
        List<CompletableFuture<Void>> waiters = List.copyOf(job.waiters);
        job.waiters.clear();
        waiters.forEach(w -> step.after.add(() -> w.complete(null)));
        markFinished(job);
        if (job.graph()) {
            graphFinished(job, step);
            // Nothing of a finished graph is needed in memory: its outputs and failures are in the store, its
            // intermediate tasks nowhere (they are not written), and a large graph would crowd out everything else.
            forget(job);
        }
        evictFinished();
    }

    /**
     * A job that finished, or one brought back finished: it counts among the finished ones, its tasks with their
     * arguments and results (the tasks and arguments were counted as unfinished until now).
     */
    private void markFinished(Job job) {
        finishedJobs.add(job.id);
        long bytes = job.taskBytes;
        // A graph's tasks are forgotten as it finishes (maybeFinish), their outputs kept in the store only.
        for (int i = 0; !job.graph() && i < job.taskCount; i++) {
            Task t = tasks.get(job.firstTaskId + i);
            if (t != null) {
                bytes += Sizes.ofOutput(t.result, t.stdout, t.stderr);
            }
        }
        job.finishedBytes = bytes;
        finishedTasksInMemory += job.taskCount;
        finishedBytes += bytes;
        unfinishedBytes -= job.taskBytes;
    }

    /** A finished job that is unfinished again (a task resubmitted) or forgotten, if it counted as finished. */
    private void unmarkFinished(Job job) {
        if (finishedJobs.remove(job.id)) {
            finishedTasksInMemory -= job.taskCount;
            finishedBytes -= job.finishedBytes;
            unfinishedBytes += job.taskBytes;
        }
    }

    /**
     * Keeps memory bounded: the oldest finished jobs live on in the store only, beyond the finished tasks and the
     * bytes (see {@link Sizes}) the settings allow in memory.
     */
    private void evictFinished() {
        while ((finishedTasksInMemory > settings.finishedTasksInMemory() || finishedBytes > settings.taskMemory())
                && finishedJobs.size() > 1) {
            Job old = jobs.get(finishedJobs.poll());
            if (old == null) {
                continue;
            }
            finishedTasksInMemory -= old.taskCount;
            finishedBytes -= old.finishedBytes;
            for (int i = 0; i < old.taskCount; i++) {
                Task t = tasks.remove(old.firstTaskId + i);
                if (t != null) {
                    stateCounts[t.state.ordinal()]--;
                }
            }
            jobs.remove(old.id);
        }
    }

    /** Hands queued work to parked polls. */
    private void dispatchParked(Step step) {
        for (Worker w : workers.values()) {
            if (w.parked == null) {
                continue;
            }
            PollResult r = assign(w, step);
            if (!r.isEmpty()) {
                Worker.ParkedPoll p = w.parked;
                w.parked = null;
                p.timeout().cancel(false);
                step.after.add(() -> p.answer().complete(r));
            }
        }
    }

    /** The work for one worker now: its engines' own queues first, then a fair share of the load-balanced queue. */
    private PollResult assign(Worker w, Step step) {
        List<Dispatch> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Engine e : w.engines) {
            while (e.slots > 0 && w.roomBytes > 0) {
                Task t = takeQueued(e.queue);
                if (t == null) {
                    break;
                }
                dispatch(t, e, now, out, step);
            }
        }
        if (balancedQueued > 0 && w.roomBytes > 0) {
            int share = Math.max(1, (balancedQueued + engines.size() - 1) / Math.max(1, engines.size()));
            List<Engine> leastLoaded = new ArrayList<>(w.engines);
            leastLoaded.sort(Comparator.comparingInt(e -> e.running));
            takeInto(leastLoaded, w.preferred, Integer.MAX_VALUE, now, out, step);
            for (Engine e : leastLoaded) {
                int take = Math.min(e.slots, share);
                while (take-- > 0 && w.roomBytes > 0) {
                    Task t = takeQueued(balanced);
                    if (t == null) {
                        break;
                    }
                    if (!dispatch(t, e, now, out, step)) {
                        take++;
                    }
                }
            }
            // Engines still free take graph tasks waiting for a busy worker whose inputs are cheap to move (work stealing).
            for (Worker other : workers.values()) {
                if (other != w && other.parked == null && !other.preferred.isEmpty() && other.engines.stream().allMatch(e -> e.slots == 0)) {
                    steal(other, leastLoaded, now, out, step);
                }
            }
        }
        List<CancelOrder> cancels = w.cancels.isEmpty() ? List.of() : List.copyOf(w.cancels);
        w.cancels.clear();
        List<String> releases = w.releases.isEmpty() ? List.of() : List.copyOf(w.releases);
        w.releases.clear();
        return out.isEmpty() && cancels.isEmpty() && releases.isEmpty() ? PollResult.EMPTY : numbered(w, out, cancels, releases, now);
    }

    /** Graph tasks are stolen from a busy worker only when the inputs it holds for them are this small. */
    private static final long STEAL_BYTES = 256 * 1024;

    private void steal(Worker from, List<Engine> to, Instant now, List<Dispatch> out, Step step) {
        var it = from.preferred.iterator();
        for (Engine e : to) {
            while (e.slots > 0 && e.worker.roomBytes > 0 && it.hasNext()) {
                Task t = it.next();
                if (t.state != TaskState.QUEUED) {
                    it.remove();
                    continue;
                }
                long there = 0;
                for (Task in : t.node.inputs) {
                    there += in.node.holder == from ? in.node.bytes : 0;
                }
                if (there <= STEAL_BYTES) {
                    it.remove();
                    dispatch(t, e, now, out, step);
                }
            }
        }
    }

    /** Hands queued tasks of the queue to the engines while they have room, up to the number. */
    private void takeInto(List<Engine> to, ArrayDeque<Task> queue, int most, Instant now, List<Dispatch> out, Step step) {
        int taken = 0;
        for (Engine e : to) {
            while (e.slots > 0 && e.worker.roomBytes > 0 && taken < most) {
                Task t = takeQueued(queue);
                if (t == null) {
                    return;
                }
                if (dispatch(t, e, now, out, step)) {
                    taken++;
                }
            }
        }
    }

    private static Task takeQueued(ArrayDeque<Task> queue) {
        Task t;
        while ((t = queue.poll()) != null) {
            if (t.state == TaskState.QUEUED) {
                return t;
            }
        }
        return null;
    }

    /** Hands the task to the engine; false if a graph task's input is gone (it then waits for it again). */
    private boolean dispatch(Task t, Engine e, Instant now, List<Dispatch> out, Step step) {
        List<Dispatch.Input> inputs = List.of();
        if (t.node != null) {
            inputs = inputsFor(t, e.worker);
            if (inputs == null) {
                waitForInputs(t, "an input is no longer on any worker", step);
                return false;
            }
        }
        transition(t, TaskEvent.dispatch(now, e.id), step);
        e.slots--;
        if (e.worker.roomBytes != Long.MAX_VALUE) {
            e.worker.roomBytes -= Sizes.ofTask(t.args, t.expression);
        }
        out.add(new Dispatch(t.id, t.attempts, e.id, t.kind, t.function, t.expression, t.code, t.args, t.options.timeoutMs(),
                t.node == null ? null : t.node.dataId, t.node != null && t.node.output, inputs));
        return true;
    }

    /** Queues the step's writes (in lock order) and hands out work the step made available. */
    private CompletableFuture<Void> commit(Step step) {
        if (step.dispatch) {
            step.dispatch = false;
            dispatchParked(step);
        }
        if (step.persistTasks.isEmpty() && step.persistJobs.isEmpty() && step.persistEngines.isEmpty() && step.removeEngines.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = writer.write(List.copyOf(step.persistTasks), List.copyOf(step.persistJobs),
                List.copyOf(step.persistEngines), List.copyOf(step.removeEngines));
        step.persistTasks.clear();
        step.persistJobs.clear();
        step.persistEngines.clear();
        step.removeEngines.clear();
        return done;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        storeReads.shutdownNow();
        List<CompletableFuture<PollResult>> parked = new ArrayList<>();
        synchronized (this) {
            for (Worker w : workers.values()) {
                if (w.parked != null) {
                    parked.add(w.parked.answer());
                    w.parked = null;
                }
            }
        }
        parked.forEach(p -> p.complete(PollResult.EMPTY));
    }
}
