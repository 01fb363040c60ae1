package dev.bramble.controller.api;

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
import dev.bramble.controller.scheduler.PollResult;
import dev.bramble.controller.scheduler.Report;
import dev.bramble.controller.scheduler.Scheduler;
import dev.bramble.controller.scheduler.WorkerPoll;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/** A worker's poll in the contract's terms: its reports and room go to the scheduler, the work it gets comes back. */
@Component
class WorkerPolls {

    private final Scheduler scheduler;
    private final Blobs blobs;

    WorkerPolls(Scheduler scheduler, Blobs blobs) {
        this.scheduler = scheduler;
        this.blobs = blobs;
    }

    /** The answer to a valid poll: at once when there is work or news, else when work arrives or the wait runs out. */
    CompletableFuture<PollResponse> answer(String workerId, PollRequest request) {
        if (request.getReports() != null) {
            // Before the results are recorded: a client reading one of these blobs then waits for it.
            request.getReports().stream().filter(r -> r.getUploading() != null).forEach(r -> r.getUploading().forEach(blobs::expect));
        }
        List<Report> reports = request.getReports() == null ? List.of() : request.getReports().stream().map(WorkerPolls::report).toList();
        Map<Integer, Integer> capacity = new HashMap<>();
        if (request.getCapacity() != null) {
            for (EngineCapacity c : request.getCapacity()) {
                capacity.put(c.getEngine(), c.getSlots());
            }
        }
        long wait = request.getWaitMs() == null ? 0 : request.getWaitMs();
        long sequence = request.getCapacitySequence() == null ? -1 : request.getCapacitySequence();
        long room = request.getRoomBytes() == null ? Long.MAX_VALUE : request.getRoomBytes();
        Transfers transfers = request.getTransfers();
        long fetches = transfers == null ? 0 : transfers.getFetches();
        long fetched = transfers == null ? 0 : transfers.getBytes();
        return scheduler.poll(workerId, new WorkerPoll(reports, capacity, sequence, room, wait, fetches, fetched, sequences(request.getAcks())))
                .thenApply(WorkerPolls::response);
    }

    /** A poll's or heartbeat's acknowledgements; the contract does not forbid a null among them, which means nothing. */
    static List<Long> sequences(List<Long> acks) {
        if (acks == null || acks.isEmpty()) {
            return List.of();
        }
        return acks.contains(null) ? acks.stream().filter(Objects::nonNull).toList() : acks;
    }

    private static Report report(TaskReport r) {
        return new Report(r.getTaskId(), r.getAttempt(), r.getEngine(), Report.Outcome.valueOf(r.getOutcome().name()), r.getResult(),
                Wire.error(r.getError()), r.getStdout(), r.getStderr(), Wire.instant(r.getStartedAt()), Wire.instant(r.getCompletedAt()),
                r.getSize() == null ? 0 : r.getSize(), r.getMissing() == null ? List.of() : r.getMissing());
    }

    private static PollResponse response(PollResult r) {
        // Each lambda goes once per answer, however many of its tasks are in it (a graph's or a map's share one).
        Map<dev.bramble.controller.task.Code, Integer> codeIndex = new IdentityHashMap<>();
        List<Code> codes = new ArrayList<>();
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
        return new PollResponse().tasks(tasks).cancels(cancels).known(r.known()).sequence(r.sequence() == 0 ? null : r.sequence())
                .releases(r.releases().isEmpty() ? null : r.releases())
                .codes(codes.isEmpty() ? null : codes);
    }
}
