package dev.bramble.controller.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.controller.store.MemoryTaskStore;
import dev.bramble.controller.store.StoreWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The graph part of the scheduler, driven as workers drive it: release on inputs, locality, release of data, recomputing. */
@Timeout(30)
class GraphSchedulingTest {

    private final MemoryTaskStore store = new MemoryTaskStore();
    private final StoreWriter writer = new StoreWriter(store);
    private final Scheduler scheduler = new Scheduler(store, writer, new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(5), 3, 200_000, 64L << 20), Clock.systemUTC(), d -> { });
    private final AcknowledgingPolls polls = new AcknowledgingPolls(() -> scheduler);

    @AfterEach
    void close() {
        scheduler.close();
        writer.close();
    }

    private int register(String worker) {
        return scheduler.register(new Registration.Request(worker, "host", 1L, 1, Set.of("inc", "add"), "http://" + worker)).engineIds().get(0);
    }

    private static GraphPlan.Task task(String key, String function, Object... args) {
        return new GraphPlan.Task(key, function, null, null, List.of(args), null);
    }

    private static Map<String, Object> ref(String key) {
        return Map.of("$ref", key);
    }

    private PollResult poll(String worker, int engine, int slots, Report... reports) {
        return polls.poll(worker, Map.of(engine, slots), reports);
    }

    private static Report done(Dispatch d, Object value, long size) {
        return new Report(d.taskId(), d.attempt(), d.engine(), Report.Outcome.COMPLETED, value, null, null, null, null, null, size, List.of());
    }

    private static Report missing(Dispatch d, String dataId) {
        return new Report(d.taskId(), d.attempt(), d.engine(), Report.Outcome.INPUT_MISSING, null, null, null, null, null, null, 0,
                List.of(dataId));
    }

    /** a = inc(1), b = inc(2), c = add(a, b); outputs c. */
    private JobView diamond() {
        return scheduler.submitGraph(new GraphPlan(null, List.of(task("c", "add", ref("a"), ref("b")), task("a", "inc", 1), task("b", "inc", 2)),
                List.of("c"), false), Duration.ZERO).join();
    }

    @Test
    void aCancelledGraphIsCancelledWhole() {
        JobView job = diamond();
        JobView cancelled = scheduler.cancelJob(job.job().id());
        assertThat(cancelled.state()).isEqualTo(JobView.State.CANCELLED);
        assertThat(cancelled.counts()).containsEntry("CANCELLED", 3);
    }

    @Test
    void aTaskIsReleasedOnceItsInputsFinishAndTheOutputsAreTheResults() {
        int e = register("w");
        JobView job = diamond();
        assertThat(job.job().resultCount()).isEqualTo(1);
        List<Dispatch> first = poll("w", e, 10).tasks();
        assertThat(first).extracting(Dispatch::function).containsExactly("inc", "inc");
        assertThat(first).allSatisfy(d -> assertThat(d.output()).isFalse());
        List<Dispatch> second = poll("w", e, 10, done(first.get(0), null, 16), done(first.get(1), null, 16)).tasks();
        assertThat(second).hasSize(1);
        Dispatch c = second.get(0);
        assertThat(c.output()).isTrue();
        assertThat(c.args()).containsExactly(Map.of("$ref", c.dataId().replace("/c", "/a")), Map.of("$ref", c.dataId().replace("/c", "/b")));
        assertThat(c.inputs()).extracting(Dispatch.Input::url).containsOnlyNulls();
        PollResult after = poll("w", e, 10, done(c, 5, 16));
        assertThat(scheduler.job(job.job().id(), true).results()).containsExactly(5);
        // The inputs were dropped once c used them, and c once the job was done.
        List<String> released = new ArrayList<>(after.releases());
        released.addAll(poll("w", e, 10).releases());
        assertThat(released).containsExactlyInAnyOrder(first.get(0).dataId(), first.get(1).dataId(), c.dataId());
        assertThat(scheduler.stats().heldKeys()).isZero();
    }

    @Test
    void aTaskGoesToTheWorkerHoldingMostOfItsInputBytes() {
        int ea = register("a");
        int eb = register("b");
        scheduler.submitGraph(new GraphPlan(null, List.of(task("big", "inc", 1), task("small", "inc", 2),
                task("sum", "add", ref("big"), ref("small"))), List.of("sum"), false), Duration.ZERO).join();
        Dispatch big = poll("a", ea, 1).tasks().get(0);
        Dispatch small = poll("b", eb, 1).tasks().get(0);
        poll("a", ea, 0, done(big, null, 1_000_000));
        assertThat(poll("b", eb, 1, done(small, null, 10)).tasks()).as("a holds more, and too much to move").isEmpty();
        Dispatch sum = poll("a", ea, 1).tasks().get(0);
        assertThat(sum.inputs()).extracting(Dispatch.Input::url).containsExactlyInAnyOrder(null, "http://b");
    }

    @Test
    void resultsLostWithTheirWorkerAreComputedAgain() {
        int ea = register("a");
        JobView job = diamond();
        List<Dispatch> first = poll("a", ea, 10).tasks();
        poll("a", ea, 0, done(first.get(0), null, 16), done(first.get(1), null, 16));
        scheduler.deregister("a");
        int eb = register("b");
        List<Dispatch> again = poll("b", eb, 10).tasks();
        assertThat(again).extracting(Dispatch::function).containsExactly("inc", "inc");
        Dispatch c = poll("b", eb, 10, done(again.get(0), null, 16), done(again.get(1), null, 16)).tasks().get(0);
        poll("b", eb, 10, done(c, 9, 16));
        JobView finished = scheduler.job(job.job().id(), true);
        assertThat(finished.results()).containsExactly(9);
        assertThat(scheduler.graph(job.job().id()).recomputed()).isEqualTo(2);
    }

    @Test
    void anInputThatCannotBeFetchedIsComputedAgain() {
        int ea = register("a");
        int eb = register("b");
        diamond();
        Dispatch a = poll("a", ea, 1).tasks().get(0);
        Dispatch b = poll("b", eb, 1).tasks().get(0);
        poll("a", ea, 0, done(a, null, 16));
        Dispatch c = poll("b", eb, 1, done(b, null, 16)).tasks().get(0);
        // b's worker could not reach a's: the input is computed again (on b), then c runs.
        Dispatch redo = poll("b", eb, 1, missing(c, a.dataId())).tasks().get(0);
        assertThat(redo.dataId()).isEqualTo(a.dataId());
        Dispatch c2 = poll("b", eb, 1, done(redo, null, 16)).tasks().get(0);
        assertThat(c2.taskId()).isEqualTo(c.taskId());
        assertThat(c2.inputs()).extracting(Dispatch.Input::url).containsOnlyNulls();
    }

    @Test
    void aGraphWhoseOutputFailedStopsAtOnce() {
        int e = register("w");
        JobView job = scheduler.submitGraph(new GraphPlan(null, List.of(task("bad", "inc", 1), task("out", "inc", ref("bad")),
                task("slow1", "inc", 2), task("slow2", "inc", 3), task("other", "add", ref("slow1"), ref("slow2"))), List.of("out", "other"),
                false), Duration.ZERO).join();
        Dispatch bad = poll("w", e, 1).tasks().get(0);
        assertThat(bad.dataId()).endsWith("/bad");
        poll("w", e, 0, new Report(bad.taskId(), bad.attempt(), bad.engine(), Report.Outcome.FAILED, null,
                dev.bramble.controller.task.TaskError.of("X", "boom", e), null, null, null, null, 0, List.of()));
        JobView now = scheduler.job(job.job().id(), true);
        assertThat(now.state()).isEqualTo(JobView.State.FAILED);
        assertThat(now.counts().get("CANCELLED")).isEqualTo(3);
        assertThat(now.errors()).extracting(f -> f.key()).contains("bad", "out");
        assertThat(scheduler.task(job.job().firstTaskId() + 1).history()).last()
                .satisfies(h -> assertThat(h.cause()).contains("output out is FAILED"));
    }

    @Test
    void badGraphsAreRefusedNamingTheProblem() {
        register("w");
        assertThatThrownBy(() -> scheduler.submitGraph(new GraphPlan(null, List.of(task("x", "inc", ref("y")), task("y", "inc", ref("x"))),
                List.of("x"), false), Duration.ZERO)).hasMessageContaining("cycle");
        assertThatThrownBy(() -> scheduler.submitGraph(new GraphPlan(null, List.of(task("x", "inc", ref("x"))), List.of("x"), false),
                Duration.ZERO)).hasMessageContaining("cycle");
        assertThatThrownBy(() -> scheduler.submitGraph(new GraphPlan(null, List.of(task("x", "inc", ref("nope"))), List.of("x"), false),
                Duration.ZERO)).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> scheduler.submitGraph(new GraphPlan(null, List.of(task("x", "inc", 1)), List.of("x", "x"), false),
                Duration.ZERO)).hasMessageContaining("twice");
        assertThatThrownBy(() -> scheduler.submitGraph(new GraphPlan(null, List.of(task("x", "nosuch", 1)), List.of("x"), false),
                Duration.ZERO)).hasMessageContaining("nosuch");
    }

    @Test
    void persistedOutputsStayOnTheirWorkerForLaterGraphs() {
        int e = register("w");
        scheduler.submitGraph(new GraphPlan(null, List.of(task("kept", "inc", 1)), List.of("kept"), true), Duration.ZERO).join();
        Dispatch kept = poll("w", e, 1).tasks().get(0);
        assertThat(poll("w", e, 1, done(kept, 2, 16)).releases()).isEmpty();
        assertThat(scheduler.persisted()).extracting(HeldData::key).containsExactly("kept");
        JobView later = scheduler.submitGraph(new GraphPlan(null, List.of(task("next", "inc", ref("kept"))), List.of("next"), false),
                Duration.ZERO).join();
        Dispatch next = poll("w", e, 1).tasks().get(0);
        assertThat(next.args()).containsExactly(Map.of("$ref", kept.dataId()));
        poll("w", e, 1, done(next, 3, 16));
        assertThat(scheduler.job(later.job().id(), true).results()).containsExactly(3);
        assertThat(scheduler.releasePersisted("kept").dataId()).isEqualTo(kept.dataId());
        assertThat(poll("w", e, 1).releases()).contains(kept.dataId());
    }
}
