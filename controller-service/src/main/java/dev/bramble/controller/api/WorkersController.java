package dev.bramble.controller.api;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.api.model.Assignment;
import dev.bramble.controller.api.model.CancelNotice;
import dev.bramble.controller.api.model.Code;
import dev.bramble.controller.api.model.DataLocation;
import dev.bramble.controller.api.model.EngineCapacity;
import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.PollResponse;
import dev.bramble.controller.api.model.TaskKind;
import dev.bramble.controller.api.model.TaskReport;
import dev.bramble.controller.api.model.Transfers;
import dev.bramble.controller.api.model.WorkerAck;
import dev.bramble.controller.api.model.WorkerRegistered;
import dev.bramble.controller.api.model.WorkerRegistration;
import dev.bramble.controller.api.spec.WorkersApi;
import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.PollResult;
import dev.bramble.controller.scheduler.Registration;
import dev.bramble.controller.scheduler.Report;
import dev.bramble.controller.scheduler.Scheduler;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.security.ConnectionFiles;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The worker protocol: register, long-poll with reports, heartbeat, deregister. */
@RestController
class WorkersController implements WorkersApi {

    private final Scheduler scheduler;
    private final BrambleProperties properties;
    private final Blobs blobs;
    private final String stagingToken;

    WorkersController(Scheduler scheduler, BrambleProperties properties, ConnectionFiles files, Blobs blobs) {
        this.scheduler = scheduler;
        this.properties = properties;
        this.blobs = blobs;
        // The contract's WorkerRegistered.stagingToken: derived from the client key, which workers never see.
        this.stagingToken = Bundles.sha256(("bramble-staging:" + files.keys().client()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<ResponseEntity<WorkerRegistered>> registerWorker(WorkerRegistration r) {
        if (r.getProtocolVersion() != Protocol.VERSION) {
            throw new SchedulerException(SchedulerException.Kind.CONFLICT, "protocolVersion", r.getProtocolVersion(),
                    "this worker speaks protocol " + r.getProtocolVersion() + " and this controller speaks protocol "
                            + Protocol.VERSION + "; run the same Bramble version on both");
        }
        Registration.Answer a = scheduler.register(new Registration.Request(r.getWorkerId(), r.getHost(), r.getPid(), r.getEngines(),
                r.getFunctions() == null ? Set.of() : Set.copyOf(r.getFunctions()), r.getDataUrl()));
        WorkerRegistered answer = new WorkerRegistered()
                .workerId(a.workerId())
                .engineIds(a.engineIds())
                .heartbeatIntervalMs(properties.scheduler().heartbeatInterval().toMillis())
                .heartbeatTimeoutMs(properties.scheduler().heartbeatTimeout().toMillis())
                .stagingToken(stagingToken);
        return CompletableFuture.completedFuture(ResponseEntity.ok(answer));
    }

    @Override
    public CompletableFuture<ResponseEntity<WorkerAck>> heartbeat(String workerId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(new WorkerAck().known(scheduler.heartbeat(workerId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<WorkerAck>> deregisterWorker(String workerId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(new WorkerAck().known(scheduler.deregister(workerId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<PollResponse>> poll(String workerId, PollRequest request) {
        if (request.getReports() != null) {
            // Before the results are recorded: a client reading one of these blobs then waits for it.
            request.getReports().stream().filter(r -> r.getUploading() != null).forEach(r -> r.getUploading().forEach(blobs::expect));
        }
        List<Report> reports = request.getReports() == null ? List.of() : request.getReports().stream().map(WorkersController::report).toList();
        Map<Integer, Integer> capacity = new HashMap<>();
        if (request.getCapacity() != null) {
            for (EngineCapacity c : request.getCapacity()) {
                capacity.put(c.getEngine(), c.getSlots());
            }
        }
        long wait = request.getWaitMs() == null ? 0 : request.getWaitMs();
        long sequence = request.getCapacitySequence() == null ? -1 : request.getCapacitySequence();
        Transfers transfers = request.getTransfers();
        long fetches = transfers == null ? 0 : transfers.getFetches();
        long fetched = transfers == null ? 0 : transfers.getBytes();
        return scheduler.poll(workerId, reports, capacity, sequence, wait, fetches, fetched).thenApply(r -> ResponseEntity.ok(response(r)));
    }

    private static Report report(TaskReport r) {
        return new Report(r.getTaskId(), r.getAttempt(), r.getEngine(), Report.Outcome.valueOf(r.getOutcome().name()), r.getResult(),
                Wire.error(r.getError()), r.getStdout(), r.getStderr(), Wire.instant(r.getStartedAt()), Wire.instant(r.getCompletedAt()),
                r.getSize() == null ? 0 : r.getSize(), r.getMissing() == null ? List.of() : r.getMissing());
    }

    private static PollResponse response(PollResult r) {
        // Each lambda goes once per answer, however many of its tasks are in it (a graph's or a map's share one).
        Map<dev.bramble.controller.task.Code, Integer> codeIndex = new java.util.IdentityHashMap<>();
        List<Code> codes = new java.util.ArrayList<>();
        List<Assignment> tasks = r.tasks().stream().map(d -> {
            Assignment a = new Assignment()
                    .taskId(d.taskId())
                    .attempt(d.attempt())
                    .engine(d.engine())
                    .kind(TaskKind.valueOf(d.kind().name()))
                    .function(d.function())
                    .expression(d.expression())
                    .timeoutMs(d.timeoutMs());
            if (d.code() != null) {
                a.codeIndex(codeIndex.computeIfAbsent(d.code(), c -> {
                    codes.add(Wire.code(c));
                    return codes.size() - 1;
                }));
            }
            a.setArgs(d.args());
            if (d.dataId() != null) {
                a.key(d.dataId()).output(d.output()).inputs(d.inputs().stream()
                        .map(i -> new DataLocation().key(i.dataId()).url(i.url()).bytes(i.bytes())).toList());
            }
            return a;
        }).toList();
        List<CancelNotice> cancels = r.cancels().stream()
                .map(c -> new CancelNotice().taskId(c.taskId()).attempt(c.attempt()).engine(c.engine())).toList();
        return new PollResponse().tasks(tasks).cancels(cancels).known(r.known()).releases(r.releases().isEmpty() ? null : r.releases())
                .codes(codes.isEmpty() ? null : codes);
    }
}
