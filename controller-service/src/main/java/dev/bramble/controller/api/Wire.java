package dev.bramble.controller.api;

import dev.bramble.controller.api.model.EngineInfo;
import dev.bramble.controller.api.model.EngineState;
import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.api.model.JobState;
import dev.bramble.controller.api.model.Progress;
import dev.bramble.controller.api.model.TaskEvent;
import dev.bramble.controller.api.model.EngineGraphLoad;
import dev.bramble.controller.api.model.GraphStatus;
import dev.bramble.controller.api.model.TaskInfo;
import dev.bramble.controller.api.model.Transfers;
import dev.bramble.controller.api.model.WorkerGraphData;
import dev.bramble.controller.scheduler.GraphView;
import dev.bramble.controller.scheduler.HeldData;
import dev.bramble.controller.scheduler.EngineView;
import dev.bramble.controller.scheduler.JobView;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.DependencyFailure;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Translates between the scheduler's types and the wire models generated from the contract. */
final class Wire {

    private Wire() {
    }

    static OffsetDateTime time(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static Code code(dev.bramble.controller.api.model.Code c) {
        return c == null ? null : new Code(c.getBundle(), c.getLambda());
    }

    static dev.bramble.controller.api.model.Code code(Code c) {
        return c == null ? null : new dev.bramble.controller.api.model.Code().bundle(c.bundle()).lambda(c.lambda());
    }

    static TaskOptions options(dev.bramble.controller.api.model.TaskOptions o, String field) {
        if (o == null) {
            return TaskOptions.DEFAULT;
        }
        double timeout = o.getTimeoutSeconds() == null ? 0 : o.getTimeoutSeconds();
        if (Double.isNaN(timeout) || timeout < 0 || timeout > 86_400 * 365) {
            throw SchedulerException.badRequest(field + ".timeoutSeconds", timeout, "timeoutSeconds must be between 0 and one year");
        }
        DependencyFailure onFailure = o.getOnDependencyFailure() == null ? DependencyFailure.FAIL
                : DependencyFailure.valueOf(o.getOnDependencyFailure().name());
        return new TaskOptions(o.getRetries() == null ? 0 : o.getRetries(), Math.round(timeout * 1000), o.getAfter(), onFailure,
                o.getLabel());
    }

    static dev.bramble.controller.api.model.TaskOptions options(TaskOptions o) {
        return new dev.bramble.controller.api.model.TaskOptions()
                .retries(o.retries())
                .timeoutSeconds(o.timeoutMs() / 1000.0)
                .after(o.after())
                .onDependencyFailure(dev.bramble.controller.api.model.DependencyFailure.valueOf(o.onDependencyFailure().name()))
                .label(o.label());
    }

    static dev.bramble.controller.api.model.TaskError error(long taskId, TaskError e) {
        if (e == null) {
            return null;
        }
        return new dev.bramble.controller.api.model.TaskError()
                .taskId(taskId)
                .engine(e.engine())
                .type(e.type())
                .message(e.message())
                .stackTrace(e.stackTrace());
    }

    static TaskError error(dev.bramble.controller.api.model.TaskError e) {
        if (e == null) {
            return null;
        }
        return new TaskError(e.getType() == null ? "UnknownError" : e.getType(), e.getMessage(), e.getStackTrace(), e.getEngine());
    }

    static Job job(JobView v) {
        Map<String, Integer> c = v.counts();
        Progress progress = new Progress()
                .total(v.job().taskCount())
                .waiting(c.get("WAITING"))
                .queued(c.get("QUEUED"))
                .running(c.get("RUNNING"))
                .completed(c.get("COMPLETED"))
                .failed(c.get("FAILED"))
                .cancelled(c.get("CANCELLED"))
                .skipped(c.get("SKIPPED"));
        Job job = new Job()
                .id(v.job().id())
                .label(v.job().label())
                .state(JobState.valueOf(v.state().name()))
                .progress(progress)
                .firstTaskId(v.job().firstTaskId())
                .taskCount(v.job().taskCount())
                .submittedAt(time(v.job().submittedAt()))
                .finishedAt(time(v.job().finishedAt()));
        job.setResults(v.results());
        job.setErrors(v.errors().isEmpty() ? null : v.errors().stream().map(f -> error(f.taskId(), f.error()).key(f.key())).toList());
        return job;
    }

    static GraphStatus graph(GraphView g) {
        Job job = job(g.job());
        return new GraphStatus()
                .jobId(job.getId())
                .state(job.getState())
                .progress(job.getProgress())
                .outputs(g.outputs())
                .recomputed(g.recomputed())
                .engines(g.engines().stream().map(e -> new EngineGraphLoad().engine(e.engine()).running(e.running())
                        .completed(e.completed())).toList())
                .workers(g.workers().stream().map(w -> new WorkerGraphData().workerId(w.workerId()).dataUrl(w.dataUrl())
                        .heldKeys(w.heldKeys()).heldBytes(w.heldBytes())
                        .transfers(new Transfers().fetches(w.fetches()).bytes(w.fetchedBytes()))).toList());
    }

    static dev.bramble.controller.api.model.HeldData held(HeldData d) {
        return new dev.bramble.controller.api.model.HeldData().key(d.key()).workerId(d.workerId()).bytes(d.bytes());
    }


    static TaskInfo task(TaskSnapshot t) {
        List<TaskEvent> history = t.history().stream().map(Wire::event).toList();
        TaskInfo info = new TaskInfo()
                .id(t.id())
                .jobId(t.jobId())
                .index(t.index())
                .state(dev.bramble.controller.api.model.TaskState.valueOf(t.state().name()))
                .kind(dev.bramble.controller.api.model.TaskKind.valueOf(t.kind().name()))
                .key(t.key())
                .function(t.function())
                .expression(t.expression())
                .bundle(t.code() == null ? null : t.code().bundle())
                .target(t.target())
                .engine(t.engine())
                .attempts(t.attempts())
                .options(options(t.options()))
                .submittedAt(time(t.submittedAt()))
                .startedAt(time(t.startedAt()))
                .completedAt(time(t.completedAt()))
                .error(error(t.id(), t.error()))
                .stdout(t.stdout())
                .stderr(t.stderr())
                .history(history);
        info.setResult(t.result());
        return info;
    }

    private static TaskEvent event(HistoryEntry h) {
        return new TaskEvent()
                .at(time(h.at()))
                .state(dev.bramble.controller.api.model.TaskState.valueOf(h.state().name()))
                .cause(h.cause())
                .engine(h.engine())
                .attempt(h.attempt());
    }

    static EngineInfo engine(EngineView e) {
        return new EngineInfo()
                .id(e.id())
                .workerId(e.workerId())
                .host(e.host())
                .pid(e.pid())
                .state(e.connected() ? EngineState.ACTIVE : EngineState.DISCONNECTED)
                .registeredAt(time(e.registeredAt()))
                .lastSeenAt(time(e.lastSeenAt()))
                .running(e.running())
                .queued(e.queued())
                .dataUrl(e.dataUrl());
    }
}
