package dev.bramble.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store must do; each implementation runs this suite. */
abstract class TaskStoreContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    TaskStore store;

    /** A new, empty store. */
    abstract TaskStore create() throws Exception;

    /** The same store as a controller would open it again after a restart (or the same object if none). */
    abstract TaskStore reopen(TaskStore old) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = create();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static JobSnapshot job(long id, long firstTask, int count, Instant at, boolean finished) {
        return new JobSnapshot(id, "job " + id, firstTask, count, false, at, finished ? at.plusSeconds(1) : null);
    }

    static TaskSnapshot task(long id, long jobId, int index, TaskState state, Integer engine, Instant at) {
        return new TaskSnapshot(id, jobId, index, TaskKind.APPLY, "echo", null, new Code("ab".repeat(32), new byte[] {1, 2, 3}),
                List.of("a", 1, Map.of("k", List.of(2.5, true))), null,
                new TaskOptions(2, 1500, List.of(), null, "label"), state, engine, 1, 0, at, at, state.terminal() ? at : null,
                state == TaskState.COMPLETED ? Map.of("answer", 42) : null,
                state == TaskState.FAILED ? new TaskError("java.lang.IllegalStateException", "boom", List.of("\tat x.y(Z.java:1)"), engine) : null,
                "printed", null, List.of(new HistoryEntry(at, TaskState.QUEUED, "submitted", null, 0)));
    }

    private void write(List<TaskSnapshot> tasks, List<JobSnapshot> jobs) {
        store.write(new StoreBatch(tasks, jobs, List.of(), List.of()));
    }

    @Test
    void aWrittenTaskReadsBackWhole() {
        TaskSnapshot t = task(1, 1, 0, TaskState.FAILED, 3, T0);
        write(List.of(t), List.of(job(1, 1, 1, T0, true)));
        TaskSnapshot back = store.task(1).orElseThrow();
        assertThat(back.args()).isEqualTo(t.args());
        assertThat(back.code()).isEqualTo(t.code());
        assertThat(back.error()).isEqualTo(t.error());
        assertThat(back.options()).isEqualTo(t.options());
        assertThat(back.history()).isEqualTo(t.history());
        assertThat(back.submittedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(T0);
        assertThat(back.stdout()).isEqualTo("printed");
        assertThat(store.task(2)).isEmpty();
    }

    @Test
    void aLaterSnapshotReplacesTheEarlierOne() {
        write(List.of(task(1, 1, 0, TaskState.QUEUED, null, T0)), List.of(job(1, 1, 1, T0, false)));
        write(List.of(task(1, 1, 0, TaskState.COMPLETED, 2, T0)), List.of(job(1, 1, 1, T0, true)));
        assertThat(store.task(1).orElseThrow().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(store.task(1).orElseThrow().result()).isEqualTo(Map.of("answer", 42));
        assertThat(store.unfinishedJobs()).isEmpty();
        assertThat(store.job(1).orElseThrow().finishedAt()).isNotNull();
    }

    @Test
    void queriesFilterByJobStateEngineAndTimeInIdOrder() {
        write(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0), task(2, 1, 1, TaskState.FAILED, 1, T0),
                task(3, 2, 0, TaskState.QUEUED, null, T0.plusSeconds(60)), task(4, 2, 1, TaskState.COMPLETED, 1, T0.plusSeconds(60))),
                List.of(job(1, 1, 2, T0, true), job(2, 3, 2, T0.plusSeconds(60), false)));
        assertThat(ids(new TaskQuery(1L, null, null, null, null, 0, 100))).containsExactly(1L, 2L);
        assertThat(ids(new TaskQuery(null, TaskState.COMPLETED, null, null, null, 0, 100))).containsExactly(1L, 4L);
        assertThat(ids(new TaskQuery(null, null, 1, null, null, 0, 100))).containsExactly(2L, 4L);
        assertThat(ids(new TaskQuery(null, null, null, T0.plusSeconds(30), null, 0, 100))).containsExactly(3L, 4L);
        assertThat(ids(new TaskQuery(null, null, null, null, T0.plusSeconds(30), 0, 100))).containsExactly(1L, 2L);
        assertThat(ids(new TaskQuery(null, null, null, null, null, 1, 2))).containsExactly(2L, 3L);
        assertThat(store.jobTasks(2)).extracting(TaskSnapshot::index).containsExactly(0, 1);
        assertThat(store.jobOutcomes(1)).extracting(TaskSnapshot::id, TaskSnapshot::state, TaskSnapshot::result)
                .containsExactlyElementsOf(store.jobTasks(1).stream().map(t -> tuple(t.id(), t.state(),
                        t.result())).toList());
        assertThat(store.unfinishedTasks()).extracting(TaskSnapshot::id).containsExactly(3L);
        assertThat(store.unfinishedJobs()).extracting(JobSnapshot::id).containsExactly(2L);
        assertThat(store.recentJobs(1)).extracting(JobSnapshot::id).containsExactly(2L);
        assertThat(store.maxTaskId()).isEqualTo(4);
        assertThat(store.maxJobId()).isEqualTo(2);
    }

    private List<Long> ids(TaskQuery q) {
        return store.tasks(q).stream().map(TaskSnapshot::id).toList();
    }

    @Test
    void purgingRemovesOnlyFinishedJobsAndTheirTasks() {
        write(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0), task(2, 2, 0, TaskState.QUEUED, null, T0.plusSeconds(5)),
                task(3, 3, 0, TaskState.COMPLETED, 0, T0.plusSeconds(10))),
                List.of(job(1, 1, 1, T0, true), job(2, 2, 1, T0.plusSeconds(5), false), job(3, 3, 1, T0.plusSeconds(10), true)));
        assertThat(store.purgeFinished(T0.plusSeconds(7))).isEqualTo(1);
        assertThat(store.task(1)).isEmpty();
        assertThat(store.task(3)).isPresent();
        assertThat(store.purgeFinished(null)).isEqualTo(1);
        assertThat(store.task(2)).isPresent();
        assertThat(store.purgeJob(2)).isEqualTo(1);
        assertThat(store.job(2)).isEmpty();
        assertThat(store.purgeJob(2)).isZero();
    }

    @Test
    void theBlobsThatStoredArgumentsAndResultsNameAreFound() throws Exception {
        String inArgs = "a1".repeat(32);
        String inResult = "b2".repeat(32);
        String deep = "c3".repeat(32);
        TaskSnapshot t = task(1, 1, 0, TaskState.COMPLETED, 0, T0);
        TaskSnapshot named = new TaskSnapshot(t.id(), t.jobId(), t.index(), t.kind(), t.function(), t.expression(), t.code(),
                List.of(Map.of("$blob", inArgs, "$type", "double[]"), List.of(List.of(Map.of("x", Map.of("$blob", deep))))), t.target(),
                t.options(), t.state(), t.engine(), t.attempts(), t.engineLosses(), t.submittedAt(), t.startedAt(), t.completedAt(),
                Map.of("$type", "int-list", "$blob", inResult), t.error(), "{\"$blob\": \"not a hash\"}", t.stderr(), t.history());
        write(List.of(named, task(2, 2, 0, TaskState.COMPLETED, 0, T0)), List.of(job(1, 1, 1, T0, true), job(2, 2, 1, T0, true)));
        assertThat(store.namedBlobs()).containsExactlyInAnyOrder(inArgs, inResult, deep);
        store = reopen(store);
        assertThat(store.namedBlobs()).containsExactlyInAnyOrder(inArgs, inResult, deep);
        store.purgeJob(1);
        assertThat(store.namedBlobs()).isEmpty();
    }

    @Test
    void enginesAreRememberedAndForgotten() {
        store.write(new StoreBatch(List.of(), List.of(), List.of(new EngineSnapshot(0, "w1", "pi-1", 42L, T0),
                new EngineSnapshot(1, "w1", "pi-1", 42L, T0)), List.of()));
        store.write(new StoreBatch(List.of(), List.of(), List.of(), List.of(0)));
        assertThat(store.engines()).extracting(EngineSnapshot::id).containsExactly(1);
        assertThat(store.engines().get(0).workerId()).isEqualTo("w1");
    }

    @Test
    void bundlesAreKeptByHashAsTheyCame() throws Exception {
        byte[] jar = new byte[100_000];
        new java.util.Random(7).nextBytes(jar);
        store.putBundle("cd".repeat(32), jar);
        store.putBundle("cd".repeat(32), jar);
        assertThat(store.bundle("cd".repeat(32))).hasValue(jar);
        assertThat(store.bundle("ef".repeat(32))).isEmpty();
        store = reopen(store);
        assertThat(store.bundle("cd".repeat(32))).hasValueSatisfying(b -> assertThat(b).isEqualTo(jar));
    }

    @Test
    void whatWasWrittenSurvivesReopening() throws Exception {
        write(List.of(task(1, 1, 0, TaskState.QUEUED, null, T0)), List.of(job(1, 1, 1, T0, false)));
        store = reopen(store);
        assertThat(store.unfinishedTasks()).extracting(TaskSnapshot::id).containsExactly(1L);
    }

    @Test
    void aBatchOfManyTasksIsOneWrite() {
        List<TaskSnapshot> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(task(i + 1, 1, i, TaskState.QUEUED, null, T0));
        }
        write(many, List.of(job(1, 1, 5_000, T0, false)));
        assertThat(store.jobTasks(1)).hasSize(5_000);
    }

    @Test
    void nullsInsideValuesAreKept() {
        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("k", null);
        withNull.put("n", 1);
        List<Object> args = java.util.Arrays.asList(null, withNull, java.util.Arrays.asList(1, null));
        TaskSnapshot t = task(1, 1, 0, TaskState.COMPLETED, 0, T0);
        TaskSnapshot nulls = new TaskSnapshot(t.id(), t.jobId(), t.index(), t.kind(), t.function(), t.expression(), t.code(), args, t.target(),
                t.options(), t.state(), t.engine(), t.attempts(), t.engineLosses(), t.submittedAt(), t.startedAt(), t.completedAt(), withNull,
                t.error(), t.stdout(), t.stderr(), t.history());
        write(List.of(nulls), List.of(job(1, 1, 1, T0, true)));
        TaskSnapshot back = store.task(1).orElseThrow();
        assertThat(back.args()).isEqualTo(args);
        assertThat(back.result()).isEqualTo(withNull);
    }

    @Test
    void aBatchOfLargeTasksIsWrittenWhole() {
        // Large enough that a SQL store cuts the batch into several transactions by size, not by count.
        String printed = "x".repeat(400_000);
        List<TaskSnapshot> large = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            TaskSnapshot t = task(i + 1, 1, i, TaskState.COMPLETED, 0, T0);
            large.add(new TaskSnapshot(t.id(), t.jobId(), t.index(), t.kind(), t.function(), t.expression(), t.code(), t.args(), t.target(),
                    t.options(), t.state(), t.engine(), t.attempts(), t.engineLosses(), t.submittedAt(), t.startedAt(), t.completedAt(), t.result(),
                    t.error(), printed + i, t.stderr(), t.history()));
        }
        write(large, List.of(job(1, 1, 7, T0, true)));
        assertThat(store.jobTasks(1)).extracting(TaskSnapshot::stdout).containsExactly(printed + 0, printed + 1, printed + 2, printed + 3,
                printed + 4, printed + 5, printed + 6);
        assertThat(store.job(1)).isPresent();
    }
}
