package dev.bramble.controller.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.controller.scheduler.TaskEvent.Type;
import dev.bramble.controller.scheduler.TaskLifecycle.Effect;
import dev.bramble.controller.task.DependencyFailure;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves the table: every legal move is made once here, and every other (state, event) fails loudly. */
class TaskLifecycleTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final TaskLifecycle lifecycle = new TaskLifecycle(3);
    private final Set<String> seen = new HashSet<>();

    private Task task(TaskState state, Integer target, int retries, DependencyFailure onFailure) {
        Task t = new Task(1, 1, 0, TaskKind.APPLY, "noop", null, null, List.of(), target,
                new TaskOptions(retries, 0, List.of(), onFailure, null), T);
        t.state = state;
        if (state == TaskState.RUNNING) {
            t.engine = 0;
            t.attempts = 1;
        }
        return t;
    }

    private List<Effect> move(Task t, TaskEvent e, TaskState expected) {
        TaskState from = t.state;
        List<Effect> effects = lifecycle.apply(t, e);
        assertThat(t.state).as(from + " on " + e.type()).isEqualTo(expected);
        seen.add(from + " " + e.type() + " " + expected);
        return effects;
    }

    private static TaskEvent fail() {
        return TaskEvent.fail(T, 0, TaskError.of("X", "boom", 0), null, null, T, T);
    }

    @Test
    void everyLegalMoveBehavesAsTheTableSays() {
        move(task(TaskState.WAITING, null, 0, DependencyFailure.FAIL), TaskEvent.submit(T, 2, false), TaskState.WAITING);
        assertThat(move(task(TaskState.WAITING, null, 0, DependencyFailure.FAIL), TaskEvent.submit(T, 0, false), TaskState.QUEUED))
                .containsExactly(Effect.ENQUEUE, Effect.PERSIST);
        Task failedAtSubmit = task(TaskState.WAITING, null, 0, DependencyFailure.FAIL);
        move(failedAtSubmit, TaskEvent.submit(T, 0, true), TaskState.FAILED);
        assertThat(failedAtSubmit.error.type()).isEqualTo(TaskError.DEPENDENCY);
        move(task(TaskState.WAITING, null, 0, DependencyFailure.SKIP), TaskEvent.submit(T, 0, true), TaskState.SKIPPED);
        move(task(TaskState.WAITING, null, 0, DependencyFailure.FAIL), TaskEvent.simple(Type.DEPENDENCIES_MET, T, "met"), TaskState.QUEUED);
        move(task(TaskState.WAITING, null, 0, DependencyFailure.FAIL), TaskEvent.simple(Type.DEPENDENCY_FAILED, T, "x"), TaskState.FAILED);
        move(task(TaskState.WAITING, null, 0, DependencyFailure.SKIP), TaskEvent.simple(Type.DEPENDENCY_FAILED, T, "x"), TaskState.SKIPPED);
        move(task(TaskState.WAITING, null, 0, DependencyFailure.FAIL), TaskEvent.simple(Type.CANCEL, T, "c"), TaskState.CANCELLED);

        Task dispatched = task(TaskState.QUEUED, null, 0, DependencyFailure.FAIL);
        assertThat(move(dispatched, TaskEvent.dispatch(T, 3), TaskState.RUNNING)).isEmpty();
        assertThat(dispatched.attempts).isEqualTo(1);
        assertThat(dispatched.engine).isEqualTo(3);
        Task pinnedLost = task(TaskState.QUEUED, 2, 0, DependencyFailure.FAIL);
        move(pinnedLost, TaskEvent.engineLost(T, 2), TaskState.FAILED);
        assertThat(pinnedLost.error.type()).isEqualTo(TaskError.ENGINE_LOST);
        move(task(TaskState.QUEUED, null, 0, DependencyFailure.FAIL), TaskEvent.simple(Type.CANCEL, T, "c"), TaskState.CANCELLED);

        Task done = task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL);
        assertThat(move(done, TaskEvent.complete(T, 0, 42, "out", null, T, T), TaskState.COMPLETED))
                .containsExactly(Effect.PERSIST, Effect.RELEASE_DEPENDENTS);
        assertThat(done.result).isEqualTo(42);
        assertThat(done.stdout).isEqualTo("out");
        Task retried = task(TaskState.RUNNING, null, 1, DependencyFailure.FAIL);
        move(retried, fail(), TaskState.QUEUED);
        retried.state = TaskState.RUNNING;
        move(retried, fail(), TaskState.FAILED);
        Task lost = task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL);
        move(lost, TaskEvent.engineLost(T, 0), TaskState.QUEUED);
        assertThat(lost.engineLosses).isEqualTo(1);
        move(task(TaskState.RUNNING, 0, 0, DependencyFailure.FAIL), TaskEvent.engineLost(T, 0), TaskState.FAILED);
        assertThat(move(task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL), TaskEvent.simple(Type.CANCEL, T, "c"), TaskState.CANCELLED))
                .contains(Effect.SIGNAL_CANCEL);

        for (TaskState terminal : List.of(TaskState.COMPLETED, TaskState.FAILED, TaskState.CANCELLED, TaskState.SKIPPED)) {
            Task t = task(terminal, null, 0, DependencyFailure.FAIL);
            t.result = 1;
            move(t, TaskEvent.simple(Type.RESUBMIT, T, "again"), TaskState.QUEUED);
            assertThat(t.result).isNull();
        }

        Task lostResult = task(TaskState.COMPLETED, null, 0, DependencyFailure.FAIL);
        lostResult.result = 7;
        assertThat(move(lostResult, TaskEvent.resultLost(T, 2, "result lost with worker w"), TaskState.WAITING))
                .containsExactly(Effect.PERSIST);
        assertThat(lostResult.result).isNull();
        assertThat(lostResult.unmetDependencies).isEqualTo(2);
        assertThat(move(task(TaskState.COMPLETED, null, 0, DependencyFailure.FAIL), TaskEvent.resultLost(T, 0, "lost"), TaskState.QUEUED))
                .containsExactly(Effect.ENQUEUE, Effect.PERSIST);
        move(task(TaskState.QUEUED, null, 0, DependencyFailure.FAIL), TaskEvent.inputLost(T, 1, false, "input lost"), TaskState.WAITING);
        Task never = task(TaskState.QUEUED, null, 0, DependencyFailure.FAIL);
        assertThat(move(never, TaskEvent.inputLost(T, 0, true, "persisted input x lost"), TaskState.FAILED))
                .containsExactly(Effect.PERSIST, Effect.RELEASE_DEPENDENTS);
        assertThat(never.error.message()).isEqualTo("persisted input x lost");
        move(task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL), TaskEvent.inputLost(T, 1, false, "missing"), TaskState.WAITING);
        move(task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL), TaskEvent.inputLost(T, 0, false, "elsewhere"), TaskState.QUEUED);
        move(task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL), TaskEvent.inputLost(T, 0, true, "gone"), TaskState.FAILED);

        int legal = 0;
        for (var byState : TaskLifecycle.TABLE.values()) {
            for (var targets : byState.values()) {
                legal += targets.size();
            }
        }
        assertThat(seen).as("every (state, event, target) of the table is exercised").hasSize(legal);
    }

    @Test
    void aLoadBalancedTaskThatKillsEnginesFailsAtTheLimit() {
        Task t = task(TaskState.RUNNING, null, 0, DependencyFailure.FAIL);
        lifecycle.apply(t, TaskEvent.engineLost(T, 0));
        t.state = TaskState.RUNNING;
        lifecycle.apply(t, TaskEvent.engineLost(T, 1));
        t.state = TaskState.RUNNING;
        lifecycle.apply(t, TaskEvent.engineLost(T, 2));
        assertThat(t.state).isEqualTo(TaskState.FAILED);
        assertThat(t.error.message()).contains("lost 3 times");
    }

    @Test
    void everyMoveOutsideTheTableFailsLoudly() {
        int refused = 0;
        for (TaskState state : TaskState.values()) {
            for (Type type : EnumSet.allOf(Type.class)) {
                if (TaskLifecycle.allowed(state, type)) {
                    continue;
                }
                Task t = task(state, null, 0, DependencyFailure.FAIL);
                TaskEvent e = type == Type.DISPATCH ? TaskEvent.dispatch(T, 0) : TaskEvent.simple(type, T, "illegal");
                assertThatThrownBy(() -> lifecycle.apply(t, e)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not allowed in state " + state);
                assertThat(t.state).isEqualTo(state);
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(40);
    }

    @Test
    void everyTransitionRecordsItsCause() {
        Task t = task(TaskState.WAITING, null, 0, DependencyFailure.FAIL);
        lifecycle.apply(t, TaskEvent.submit(T, 0, false));
        lifecycle.apply(t, TaskEvent.dispatch(T, 1));
        lifecycle.apply(t, TaskEvent.engineLost(T, 1));
        assertThat(t.history).extracting(h -> h.state() + ": " + h.cause())
                .containsExactly("QUEUED: submitted", "RUNNING: dispatched to engine 1", "QUEUED: engine 1 lost");
    }
}
