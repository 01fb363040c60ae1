package dev.bramble.controller.api;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.api.model.Heartbeat;
import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.PollResponse;
import dev.bramble.controller.api.model.WorkerAck;
import dev.bramble.controller.api.model.WorkerRegistered;
import dev.bramble.controller.api.model.WorkerRegistration;
import dev.bramble.controller.api.spec.WorkersApi;
import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.Registration;
import dev.bramble.controller.scheduler.Scheduler;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.security.ConnectionFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The worker protocol: register, long-poll with reports, heartbeat, deregister. */
@RestController
class WorkersController implements WorkersApi {

    private final Scheduler scheduler;
    private final BrambleProperties properties;
    private final WorkerPolls polls;
    private final String stagingToken;

    WorkersController(Scheduler scheduler, BrambleProperties properties, ConnectionFiles files, WorkerPolls polls) {
        this.scheduler = scheduler;
        this.properties = properties;
        this.polls = polls;
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
                .lastAnswer(a.lastAnswer())
                .stagingToken(stagingToken);
        return CompletableFuture.completedFuture(ResponseEntity.ok(answer));
    }

    @Override
    public CompletableFuture<ResponseEntity<WorkerAck>> heartbeat(String workerId, Heartbeat heartbeat) {
        List<Long> acks = heartbeat == null ? List.of() : WorkerPolls.sequences(heartbeat.getAcks());
        Scheduler.Liveness liveness = scheduler.heartbeat(workerId, acks);
        WorkerAck ack = new WorkerAck().known(liveness != Scheduler.Liveness.UNKNOWN);
        if (liveness == Scheduler.Liveness.POLL_NOW) {
            ack.pollNow(true);
        }
        return CompletableFuture.completedFuture(ResponseEntity.ok(ack));
    }

    @Override
    public CompletableFuture<ResponseEntity<WorkerAck>> deregisterWorker(String workerId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(new WorkerAck().known(scheduler.deregister(workerId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<PollResponse>> poll(String workerId, PollRequest request) {
        return polls.answer(workerId, request).thenApply(ResponseEntity::ok);
    }
}
