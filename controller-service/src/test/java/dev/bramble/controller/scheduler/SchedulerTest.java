package dev.bramble.controller.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.controller.store.MemoryTaskStore;
import dev.bramble.controller.store.StoreWriter;
import dev.bramble.controller.store.TaskStore;
import dev.bramble.controller.task.DependencyFailure;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler's behaviour, driven the way workers and clients drive it (register, poll with reports,
 * submit, cancel), on a memory store.
 */
@Timeout(30)
class SchedulerTest {

    private final TaskStore store = new MemoryTaskStore();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Scheduler scheduler = start(Duration.ofMillis(300), 200_000);
    private final AcknowledgingPolls polls = new AcknowledgingPolls(() -> scheduler);
    /** Three heartbeat intervals of 100 ms. */
    private static final Duration RESEND_AFTER = Duration.ofMillis(300);
    private final ManualClock clock = new ManualClock();

    private Scheduler start(Duration heartbeatTimeout, int finishedInMemory) {
        return start(heartbeatTimeout, finishedInMemory, Clock.systemUTC());
    }

    /** A scheduler on the test's clock, for the tests of what happens when an answer is not acknowledged in time. */
    private Scheduler startOnTheTestsClock() {
        return start(Duration.ofMillis(300), 200_000, clock);
    }

    private Scheduler start(Duration heartbeatTimeout, int finishedInMemory, Clock clock) {
        return start(heartbeatTimeout, finishedInMemory, 64L << 20, clock);
    }

    private Scheduler start(Duration heartbeatTimeout, int finishedInMemory, long taskMemory, Clock clock) {
        StoreWriter writer = new StoreWriter(store);
        Scheduler s = new Scheduler(store, writer, new SchedulerSettings(Duration.ofMillis(100), heartbeatTimeout, Duration.ofSeconds(30), Duration.ofSeconds(5), 3,
                finishedInMemory, taskMemory), clock, d -> { });
        open.add(0, writer);
        open.add(0, s);
        return s;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private List<Integer> register(String worker, int engines) {
        return scheduler.register(new Registration.Request(worker, "host", 1L, engines, Set.of("noop", "f"), "http://127.0.0.1:1/" + worker)).engineIds();
    }

    private static TaskPlan apply(Integer engine) {
        return new TaskPlan(TaskKind.APPLY, "f", null, null, List.of(), engine, null, null);
    }

    private static TaskPlan apply(Integer engine, TaskOptions options, List<Integer> afterIndexes) {
        return new TaskPlan(TaskKind.APPLY, "f", null, null, List.of(), engine, afterIndexes, options);
    }

    private JobView submit(TaskPlan... tasks) {
        return scheduler.submit(new JobPlan(null, false, List.of(tasks)), Duration.ZERO).join();
    }

    private PollResult poll(String worker, Map<Integer, Integer> capacity, Report... reports) {
        return polls.poll(worker, capacity, reports);
    }

    private PollResult pollAfterALostAnswer(String worker, Map<Integer, Integer> capacity, Report... reports) {
        return polls.pollAfterALostAnswer(worker, capacity, reports);
    }

    private static Report ok(Dispatch d, Object result) {
        return new Report(d.taskId(), d.attempt(), d.engine(), Report.Outcome.COMPLETED, result, null, null, null, null, null, 0, List.of());
    }

    private static Report failed(Dispatch d) {
        return new Report(d.taskId(), d.attempt(), d.engine(), Report.Outcome.FAILED, null, TaskError.of("E", "boom", d.engine()), null,
                null, null, null, 0, List.of());
    }

    @Test
    void directTasksRunOnTheirOwnEngineInSubmissionOrder() {
        List<Integer> ids = register("w", 2);
        submit(apply(ids.get(1)), apply(ids.get(1)), apply(ids.get(0)));
        PollResult r = poll("w", Map.of(0, 5, 1, 5));
        assertThat(r.tasks()).extracting(Dispatch::engine).containsExactly(0, 1, 1);
        assertThat(r.tasks().stream().filter(d -> d.engine() == 1).map(Dispatch::taskId).toList()).containsExactly(1L, 2L);
    }

    @Test
    void anEngineTakesAtMostItsShareOfTheLoadBalancedQueue() {
        register("a", 1);
        register("b", 1);
        submit(IntStream.range(0, 10).mapToObj(i -> apply(null)).toArray(TaskPlan[]::new));
        assertThat(poll("a", Map.of(0, 64)).tasks()).hasSize(5);
        assertThat(poll("b", Map.of(1, 64)).tasks()).hasSize(3);
        assertThat(poll("b", Map.of(1, 64)).tasks()).hasSize(1);
        assertThat(poll("a", Map.of(0, 64)).tasks()).hasSize(1);
        assertThat(scheduler.stats().balancedQueued()).isZero();
    }

    @Test
    void aParkedPollIsAnsweredWhenWorkArrives() {
        register("w", 1);
        CompletableFuture<PollResult> parked = scheduler.poll("w", new WorkerPoll(List.of(), Map.of(0, 1), polls.nextSequence(), Long.MAX_VALUE, 5_000, 0, 0, List.of()));
        assertThat(parked).isNotDone();
        submit(apply(null));
        assertThat(parked.orTimeout(2, TimeUnit.SECONDS).join().tasks()).hasSize(1);
    }

    @Test
    void aJobFinishesWithResultsInSubmissionOrder() {
        register("w", 2);
        JobView job = submit(apply(1), apply(0));
        CompletableFuture<JobView> done = scheduler.await(job.job().id(), Duration.ofSeconds(5));
        List<Dispatch> tasks = poll("w", Map.of(0, 1, 1, 1)).tasks();
        Report[] reports = tasks.stream().map(d -> ok(d, "from " + d.engine())).toArray(Report[]::new);
        poll("w", Map.of(), reports);
        JobView finished = done.join();
        assertThat(finished.state()).isEqualTo(JobView.State.COMPLETED);
        assertThat(finished.results()).containsExactly("from 1", "from 0");
    }

    @Test
    void tasksRunAfterTheirDependenciesAndFailOrSkipWhenOneFails() {
        register("w", 1);
        JobView job = submit(apply(null), apply(null, null, List.of(0)),
                apply(null, new TaskOptions(0, 0, List.of(), DependencyFailure.SKIP, null), List.of(1)));
        List<Dispatch> first = poll("w", Map.of(0, 10)).tasks();
        assertThat(first).extracting(Dispatch::taskId).containsExactly(job.job().firstTaskId());
        List<Dispatch> second = poll("w", Map.of(0, 10), ok(first.get(0), 1)).tasks();
        assertThat(second).extracting(Dispatch::taskId).containsExactly(job.job().firstTaskId() + 1);
        poll("w", Map.of(0, 10), failed(second.get(0)));
        assertThat(scheduler.task(job.job().firstTaskId() + 2).state()).isEqualTo(TaskState.SKIPPED);
        JobView after = submit(apply(null, TaskOptions.DEFAULT.withAfter(List.of(job.job().firstTaskId() + 1)), null));
        assertThat(scheduler.task(after.job().firstTaskId()).state()).isEqualTo(TaskState.FAILED);
        assertThat(scheduler.task(after.job().firstTaskId()).error().type()).isEqualTo(TaskError.DEPENDENCY);
    }

    @Test
    void aFailedTaskIsRetriedUntilItsRetriesAreSpent() {
        register("w", 1);
        JobView job = submit(apply(null, new TaskOptions(1, 0, List.of(), null, null), null));
        Dispatch first = poll("w", Map.of(0, 1)).tasks().get(0);
        Dispatch second = poll("w", Map.of(0, 1), failed(first)).tasks().get(0);
        assertThat(second.taskId()).isEqualTo(first.taskId());
        assertThat(second.attempt()).isEqualTo(2);
        poll("w", Map.of(0, 1), failed(second));
        TaskSnapshot t = scheduler.task(job.job().firstTaskId());
        assertThat(t.state()).isEqualTo(TaskState.FAILED);
        assertThat(t.attempts()).isEqualTo(2);
    }

    @Test
    void lostEngineRequeuesItsTasksOnceAndIgnoresItsLateReports() throws Exception {
        register("dying", 1);
        List<Integer> survivor = register("survivor", 1);
        submit(apply(null), apply(null));
        List<Dispatch> onDying = new ArrayList<>(poll("dying", Map.of(0, 2)).tasks());
        onDying.addAll(poll("dying", Map.of(0, 2)).tasks());
        assertThat(onDying).hasSize(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scheduler.engines().size() > 1 && System.nanoTime() < deadline) {
            scheduler.heartbeat("survivor", List.of());
            Thread.sleep(50);
        }
        assertThat(scheduler.engines()).extracting(EngineView::id).containsExactlyElementsOf(survivor);
        List<Dispatch> moved = poll("survivor", Map.of(survivor.get(0), 10)).tasks();
        assertThat(moved).extracting(Dispatch::taskId).containsExactlyInAnyOrderElementsOf(onDying.stream().map(Dispatch::taskId).toList());
        assertThat(moved).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
        assertThat(scheduler.poll("dying", new WorkerPoll(List.of(ok(onDying.get(0), "late")), Map.of(), polls.nextSequence(), Long.MAX_VALUE, 0, 0, 0, List.of())).join().known()).isFalse();
        poll("survivor", Map.of(), moved.stream().map(d -> ok(d, "ok")).toArray(Report[]::new));
        for (Dispatch d : onDying) {
            TaskSnapshot t = scheduler.task(d.taskId());
            assertThat(t.result()).isEqualTo("ok");
            assertThat(t.history().stream().filter(h -> h.state() == TaskState.COMPLETED)).hasSize(1);
            assertThat(t.history()).anySatisfy(h -> assertThat(h.cause()).contains("lost"));
        }
    }

    @Test
    void aStaleReportOfAnEarlierAttemptIsIgnored() {
        register("w", 1);
        submit(apply(null, new TaskOptions(1, 0, List.of(), null, null), null));
        Dispatch first = poll("w", Map.of(0, 1)).tasks().get(0);
        Dispatch second = poll("w", Map.of(0, 1), failed(first)).tasks().get(0);
        poll("w", Map.of(), ok(first, "stale"));
        assertThat(scheduler.task(first.taskId()).state()).isEqualTo(TaskState.RUNNING);
        poll("w", Map.of(), ok(second, "fresh"));
        assertThat(scheduler.task(first.taskId()).result()).isEqualTo("fresh");
        assertThat(scheduler.stats().staleReports()).isEqualTo(1);
    }

    @Test
    void cancellingARunningTaskTellsItsWorker() {
        register("w", 1);
        JobView job = submit(apply(null));
        Dispatch d = poll("w", Map.of(0, 1)).tasks().get(0);
        CompletableFuture<PollResult> parked = scheduler.poll("w", new WorkerPoll(List.of(), Map.of(0, 0), polls.nextSequence(), Long.MAX_VALUE, 5_000, 0, 0, List.of()));
        scheduler.cancelTask(d.taskId());
        assertThat(parked.orTimeout(2, TimeUnit.SECONDS).join().cancels()).containsExactly(new CancelOrder(d.taskId(), 1, 0));
        assertThat(scheduler.job(job.job().id(), true).state()).isEqualTo(JobView.State.CANCELLED);
        assertThatThrownBy(() -> scheduler.cancelTask(d.taskId())).isInstanceOf(SchedulerException.class)
                .hasMessageContaining("already CANCELLED");
    }

    @Test
    void badPlansAreRefusedWithTheFieldAtFault() {
        register("w", 1);
        assertThatThrownBy(() -> submit(apply(7))).isInstanceOf(SchedulerException.class)
                .extracting(e -> ((SchedulerException) e).field()).isEqualTo("tasks[0].engine");
        assertThatThrownBy(() -> submit(new TaskPlan(TaskKind.APPLY, "nope", null, null, List.of(), null, null, null)))
                .hasMessageContaining("no worker offers the function 'nope'");
        assertThatThrownBy(() -> submit(apply(null, null, List.of(0)))).hasMessageContaining("earlier tasks");
        assertThatThrownBy(() -> submit(apply(null, TaskOptions.DEFAULT.withAfter(List.of(999L)), null)))
                .hasMessageContaining("task 999 does not exist");
    }

    @Test
    void aRestartedSchedulerRunsWhatWasQueuedAndRunning() throws Exception {
        register("w", 1);
        JobView job = submit(apply(null), apply(null));
        poll("w", Map.of(0, 1));
        scheduler.close();
        scheduler = start(Duration.ofSeconds(5), 200_000);
        assertThat(scheduler.engines()).extracting(EngineView::connected).containsExactly(false);
        assertThat(register("w", 1)).containsExactly(0);
        List<Dispatch> again = poll("w", Map.of(0, 5)).tasks();
        assertThat(again).extracting(Dispatch::taskId).containsExactlyInAnyOrder(job.job().firstTaskId(), job.job().firstTaskId() + 1);
        poll("w", Map.of(), again.stream().map(d -> ok(d, d.taskId())).toArray(Report[]::new));
        assertThat(scheduler.job(job.job().id(), true).results()).containsExactly(job.job().firstTaskId(), job.job().firstTaskId() + 1);
    }

    @Test
    void finishedJobsLeaveMemoryButStayReadable() {
        scheduler = start(Duration.ofSeconds(5), 1);
        register("w", 1);
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JobView job = submit(apply(null), apply(null));
            jobs.add(job.job().id());
            List<Dispatch> tasks = poll("w", Map.of(0, 5)).tasks();
            poll("w", Map.of(), tasks.stream().map(d -> ok(d, "r" + d.taskId())).toArray(Report[]::new));
        }
        assertThat(scheduler.stats().tasksByState().get("COMPLETED")).isLessThanOrEqualTo(2);
        JobView first = scheduler.job(jobs.get(0), true);
        assertThat(first.results()).containsExactly("r1", "r2");
        TaskSnapshot resubmitted = scheduler.resubmitTask(1);
        assertThat(resubmitted.state()).isEqualTo(TaskState.QUEUED);
        assertThat(scheduler.job(jobs.get(0), true).state()).isEqualTo(JobView.State.RUNNING);
    }

    private static TaskPlan echo(String text) {
        return new TaskPlan(TaskKind.APPLY, "f", null, null, List.of(text), null, null, null);
    }

    @Test
    void jobsBeyondTheTaskMemoryAreRefusedUntilTasksFinishAndNothingAcceptedIsLost() {
        scheduler = start(Duration.ofSeconds(5), 200_000, 100_000, Clock.systemUTC());
        register("w", 1);
        String big = "x".repeat(60_000);
        JobView alone = submit(echo(big + big));
        assertThat(alone.job().id()).as("a job larger than the task memory is taken when nothing else is unfinished").isPositive();
        assertThatThrownBy(() -> submit(echo(big))).isInstanceOfSatisfying(SchedulerException.class,
                e -> assertThat(e.kind()).isEqualTo(SchedulerException.Kind.BUSY)).hasMessageContaining("bramble.scheduler.task-memory");
        assertThat(scheduler.stats().tasksByState().get("QUEUED")).as("the refused job left nothing behind").isEqualTo(1);

        List<Dispatch> tasks = poll("w", Map.of(0, 5)).tasks();
        assertThat(tasks).singleElement().satisfies(d -> assertThat(d.args()).containsExactly(big + big));
        poll("w", Map.of(), ok(tasks.get(0), 1));
        JobView next = submit(echo(big));
        JobView small = submit(echo("small"));
        assertThat(scheduler.job(alone.job().id(), true).results()).containsExactly(1);
        assertThat(List.of(next.job().id(), small.job().id())).doesNotContainNull();
        assertThatThrownBy(() -> submit(echo(big))).as("60 KB unfinished and 60 KB more are over 100 KB")
                .isInstanceOf(SchedulerException.class);
    }

    @Test
    void manySmallTasksCountWhatTheTasksThemselvesTake() {
        scheduler = start(Duration.ofSeconds(5), 200_000, 100_000, Clock.systemUTC());
        TaskPlan[] hundred = new TaskPlan[100];
        Arrays.fill(hundred, echo("s"));
        submit(hundred);
        assertThatThrownBy(() -> submit(hundred)).as("200 tasks of a one-letter argument take more than 100 KB")
                .isInstanceOfSatisfying(SchedulerException.class, e -> assertThat(e.kind()).isEqualTo(SchedulerException.Kind.BUSY));
        assertThat(scheduler.stats().tasksByState().get("QUEUED")).isEqualTo(100);
    }

    @Test
    void finishedJobsBeyondTheTaskMemoryLeaveMemoryButStayReadable() {
        scheduler = start(Duration.ofSeconds(5), 200_000, 100_000, Clock.systemUTC());
        register("w", 1);
        String printed = "y".repeat(40_000);
        List<JobView> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JobView job = submit(echo("job " + i));
            jobs.add(job);
            Dispatch d = poll("w", Map.of(0, 5)).tasks().get(0);
            poll("w", Map.of(), new Report(d.taskId(), d.attempt(), d.engine(), Report.Outcome.COMPLETED, i, null, printed, null, null, null,
                    0, List.of()));
        }
        assertThat(scheduler.stats().tasksByState().get("COMPLETED")).as("4 x 40 KB of output are more than 100 KB").isLessThan(4);
        assertThat(scheduler.job(jobs.get(0).job().id(), true).results()).containsExactly(0);
        assertThat(scheduler.task(jobs.get(0).job().firstTaskId()).stdout()).isEqualTo(printed);
    }

    @Test
    void aWorkerThatStopsCleanlyHandsItsLoadBalancedTasksOn() {
        register("leaving", 1);
        List<Integer> staying = register("staying", 1);
        submit(apply(null), apply(null));
        List<Dispatch> held = new ArrayList<>(poll("leaving", Map.of(0, 5)).tasks());
        held.addAll(poll("leaving", Map.of(0, 5)).tasks());
        assertThat(scheduler.deregister("leaving")).isTrue();
        assertThat(scheduler.engines()).extracting(EngineView::id).containsExactlyElementsOf(staying);
        assertThat(poll("staying", Map.of(staying.get(0), 5)).tasks()).extracting(Dispatch::taskId)
                .containsExactlyInAnyOrderElementsOf(held.stream().map(Dispatch::taskId).toList());
        assertThat(scheduler.deregister("leaving")).isFalse();
    }

    @Test
    void anAnswerNotAcknowledgedIsSentAgainWithWhatOfItStillStands() {
        scheduler = startOnTheTestsClock();
        register("w", 1);
        submit(apply(null), apply(null));
        PollResult lost = pollAfterALostAnswer("w", Map.of(0, 2));
        assertThat(lost.tasks()).hasSize(2);
        assertThat(lost.sequence()).isPositive();
        // The worker ran the first task anyway (the answer got there, its acknowledgement did not).
        assertThat(pollAfterALostAnswer("w", Map.of(0, 1), ok(lost.tasks().get(0), "done")).sequence()).isZero();
        clock.advance(RESEND_AFTER);
        PollResult again = pollAfterALostAnswer("w", Map.of(0, 1));
        assertThat(again.sequence()).isEqualTo(lost.sequence());
        assertThat(again.tasks()).containsExactly(lost.tasks().get(1));
        assertThat(scheduler.stats().resentAnswers()).isEqualTo(1);
        scheduler.poll("w", new WorkerPoll(List.of(), Map.of(0, 1), polls.nextSequence(), Long.MAX_VALUE, 0, 0, 0, List.of(lost.sequence()))).join();
        clock.advance(RESEND_AFTER);
        assertThat(pollAfterALostAnswer("w", Map.of(0, 1))).isEqualTo(PollResult.EMPTY);
    }

    @Test
    void anAnswerAcknowledgedByAHeartbeatIsNotSentAgainAndTheNextIsNumberedOneHigher() {
        scheduler = startOnTheTestsClock();
        register("w", 1);
        submit(apply(null));
        PollResult first = pollAfterALostAnswer("w", Map.of(0, 1));
        assertThat(scheduler.heartbeat("w", List.of(first.sequence()))).isEqualTo(Scheduler.Liveness.KNOWN);
        clock.advance(RESEND_AFTER);
        assertThat(pollAfterALostAnswer("w", Map.of(0, 1)).tasks()).isEmpty();
        submit(apply(null));
        assertThat(pollAfterALostAnswer("w", Map.of(0, 1)).sequence()).isEqualTo(first.sequence() + 1);
    }

    @Test
    void aHeartbeatSaysWhenAnAnswerToSendAgainWaitsForAWorkerThatDoesNotPoll() {
        scheduler = startOnTheTestsClock();
        register("w", 1);
        assertThat(scheduler.heartbeat("nobody", List.of())).isEqualTo(Scheduler.Liveness.UNKNOWN);
        submit(apply(null));
        PollResult lost = pollAfterALostAnswer("w", Map.of(0, 1));
        assertThat(scheduler.heartbeat("w", List.of())).isEqualTo(Scheduler.Liveness.KNOWN);
        clock.advance(RESEND_AFTER);
        assertThat(scheduler.heartbeat("w", List.of())).isEqualTo(Scheduler.Liveness.POLL_NOW);
        assertThat(pollAfterALostAnswer("w", Map.of(0, 0)).sequence()).isEqualTo(lost.sequence());
        assertThat(scheduler.heartbeat("w", List.of(lost.sequence()))).isEqualTo(Scheduler.Liveness.KNOWN);
    }

    @Test
    void aHeartbeatSaysWhenACancelWaitsForAWorkerThatDoesNotPoll() {
        scheduler = startOnTheTestsClock();
        register("w", 1);
        submit(apply(null));
        Dispatch running = poll("w", Map.of(0, 1)).tasks().get(0);
        assertThat(scheduler.heartbeat("w", List.of())).isEqualTo(Scheduler.Liveness.KNOWN);
        scheduler.cancelTask(running.taskId());
        assertThat(scheduler.heartbeat("w", List.of())).isEqualTo(Scheduler.Liveness.POLL_NOW);
        assertThat(poll("w", Map.of(0, 0)).cancels()).containsExactly(new CancelOrder(running.taskId(), 1, 0));
        assertThat(scheduler.heartbeat("w", List.of())).isEqualTo(Scheduler.Liveness.KNOWN);
    }

    @Test
    void aParkedPollCarriesAnAnswerThatWentUnacknowledged() {
        scheduler = startOnTheTestsClock();
        register("w", 1);
        submit(apply(null));
        PollResult lost = pollAfterALostAnswer("w", Map.of(0, 1));
        CompletableFuture<PollResult> parked = scheduler.poll("w", new WorkerPoll(List.of(), Map.of(0, 1), polls.nextSequence(), Long.MAX_VALUE, 5_000, 0, 0, List.of()));
        assertThat(parked).isNotDone();
        clock.advance(RESEND_AFTER);
        PollResult again = parked.orTimeout(2, TimeUnit.SECONDS).join();
        assertThat(again.sequence()).isEqualTo(lost.sequence());
        assertThat(again.tasks()).isEqualTo(lost.tasks());
    }

    @Test
    void aWorkerThatRegistersAgainLearnsWhereItsAnswersStopAndGetsItsTasksAsNewAttempts() {
        scheduler = startOnTheTestsClock();
        long before = scheduler.register(new Registration.Request("w", "host", 1L, 1, Set.of("f"), "http://w")).lastAnswer();
        submit(apply(null));
        PollResult lost = pollAfterALostAnswer("w", Map.of(0, 1));
        assertThat(lost.sequence()).isEqualTo(before + 1);
        long after = scheduler.register(new Registration.Request("w", "host", 1L, 1, Set.of("f"), "http://w")).lastAnswer();
        assertThat(after).isEqualTo(lost.sequence());
        clock.advance(RESEND_AFTER);
        PollResult next = pollAfterALostAnswer("w", Map.of(0, 1));
        assertThat(next.sequence()).isEqualTo(after + 1);
        assertThat(next.tasks()).singleElement().satisfies(d -> {
            assertThat(d.taskId()).isEqualTo(lost.tasks().get(0).taskId());
            assertThat(d.attempt()).isEqualTo(2);
        });
    }

    @Test
    void aWorkerIsHandedTasksWhileItHasRoomForTheirArguments() {
        List<Integer> ids = register("w", 4);
        String mb = "a".repeat(1_000_000);
        for (int i = 0; i < 6; i++) {
            submit(new TaskPlan(TaskKind.APPLY, "f", null, null, List.of(mb), null, null, null));
        }
        Map<Integer, Integer> room = Map.of(ids.get(0), 2, ids.get(1), 2, ids.get(2), 2, ids.get(3), 2);
        // 2.5 MB of room: two tasks of about 1 MB, then a third while the room is still above zero, then none.
        assertThat(scheduler.poll("w", new WorkerPoll(List.of(), room, polls.nextSequence(), 2_500_000, 0, 0, 0, List.of())).join().tasks())
                .hasSize(3);
        assertThat(scheduler.poll("w", new WorkerPoll(List.of(), Map.of(), -1, 0, 0, 0, 0, List.of())).join().tasks()).isEmpty();
        // A room below one task's size still takes one: a task is never too large to be handed out.
        assertThat(scheduler.poll("w", new WorkerPoll(List.of(), room, polls.nextSequence(), 1, 0, 0, 0, List.of())).join().tasks())
                .hasSize(1);
        assertThat(scheduler.poll("w", new WorkerPoll(List.of(), room, polls.nextSequence(), Long.MAX_VALUE, 0, 0, 0, List.of())).join()
                .tasks()).hasSize(2);
    }

    @Test
    void aCapacityOlderThanOneAppliedIsIgnored() {
        register("w", 1);
        scheduler.poll("w", new WorkerPoll(List.of(), Map.of(0, 1), 10, Long.MAX_VALUE, 0, 0, 0, List.of())).join();
        scheduler.poll("w", new WorkerPoll(List.of(), Map.of(0, 0), 9, Long.MAX_VALUE, 0, 0, 0, List.of())).join();
        submit(apply(null));
        assertThat(scheduler.poll("w", new WorkerPoll(List.of(), Map.of(), 11, Long.MAX_VALUE, 0, 0, 0, List.of())).join().tasks()).hasSize(1);
    }
}
