package dev.bramble.worker.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.ConnectionFile;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.model.Heartbeat;
import dev.bramble.client.wire.model.PollRequest;
import dev.bramble.client.wire.model.PollResponse;
import dev.bramble.client.wire.model.TaskReport;
import dev.bramble.client.wire.model.WorkerAck;
import dev.bramble.client.wire.model.WorkerRegistered;
import dev.bramble.worker.data.DataServer;
import dev.bramble.client.wire.model.WorkerRegistration;
import dev.bramble.worker.engine.Engines;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's loop: one thread long-polls the controller with the reports it has and the room its
 * engines have, and hands what comes back to the engines. While that poll is parked at the controller,
 * new reports go out at once on a second, non-waiting poll, so a result never waits for new work. A
 * heartbeat runs beside both. Each numbered answer is acknowledged with the next poll or heartbeat and
 * handed to the engines once ({@link Answers}). Errors back off (doubling, up to 5 s) and reset on
 * success; the interrupt flag is restored.
 */
public final class Poller {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final ControllerLink link;
    private final Engines engines;
    private final List<String> functions;
    private final Duration pollWait;
    private final String workerId = UUID.randomUUID().toString();
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(daemon("bramble-flusher"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("bramble-heartbeat"));
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** Something waits at the controller for our next poll: the loop polls even with no room. */
    private final AtomicBoolean pollNow = new AtomicBoolean();
    private volatile boolean running;
    private final Session session = new Session();
    private final Answers answers = new Answers();
    private volatile boolean parked;
    private volatile ControllerLink.Poll parkedPoll;
    private volatile Thread thread;
    private long heartbeatMs = 1000;
    private final DataServer dataServer;

    public Poller(ConnectionFile file, ObjectMapper json, Engines engines, List<String> functions, Duration pollWait, DataServer dataServer) {
        this.link = new ControllerLink(file, json, pollWait);
        this.dataServer = dataServer;
        this.engines = engines;
        this.functions = functions;
        this.pollWait = pollWait;
        engines.onChange(this::engineChanged);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public String workerId() {
        return workerId;
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, "bramble-poller");
        thread.start();
    }

    public boolean isRunning() {
        return running;
    }

    public void stop() {
        running = false;
        ControllerLink.Poll parkedNow = parkedPoll;
        if (parkedNow != null) {
            parkedNow.cancel();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        engines.close();
        heartbeats.shutdownNow();
        flusher.shutdownNow();
        if (session.isRegistered()) {
            try {
                List<TaskReport> last = engines.drainReports();
                if (!last.isEmpty()) {
                    link.poll(workerId, new PollRequest().reports(last).capacity(List.of()).roomBytes(0L).waitMs(0L)).execute();
                }
                ControllerLink.execute(link.api().deregisterWorker(workerId));
                log.info("Worker {} deregistered", workerId);
            } catch (IOException e) {
                log.warn("Could not deregister from {}: {}", link.file().url(), e.getMessage());
            }
        }
    }

    private void loop() {
        long backoff = 100;
        boolean complained = false;
        while (running) {
            try {
                if (!session.isRegistered()) {
                    register();
                }
                List<TaskReport> reports = engines.drainReports();
                Engines.Room room = engines.room();
                if (reports.isEmpty() && room.free() == 0 && !pollNow.getAndSet(false)) {
                    engines.awaitReport(heartbeatMs);
                    continue;
                }
                // Reports left over from a full batch go out with the next poll at once, not after a long one.
                long wait = room.free() == 0 || engines.hasReports() ? 0 : pollWait.toMillis();
                long asked = session.current();
                handle(poll(reports, room, wait), asked);
                backoff = 100;
                if (complained) {
                    log.info("The controller at {} is reachable again", link.file().url());
                    complained = false;
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (IOException e) {
                if (!running) {
                    return;
                }
                if (!complained) {
                    log.warn("The controller at {} is not answering ({}); retrying with backoff", link.file().url(), e.getMessage());
                    complained = true;
                }
                if (e instanceof ControllerLink.RefusedException r && (r.status == 401 || r.status == 403 || r.status == 409)) {
                    log.error("The controller refuses this worker: {}", e.getMessage());
                    backoff = 5_000;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    if (!running) {
                        return;
                    }
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private PollResponse poll(List<TaskReport> reports, Engines.Room room, long waitMs) throws IOException {
        List<Long> acks = answers.take();
        ControllerLink.Poll call = link.poll(workerId, new PollRequest().reports(reports).capacity(room.capacity())
                .capacitySequence(room.sequence()).roomBytes(room.bytes()).waitMs(waitMs).transfers(engines.transfers()).acks(acks));
        if (waitMs > 0) {
            parkedPoll = call;
            parked = true;
            // A report or a freed engine between reading the room and parking would otherwise wait for the poll to time out.
            if (engines.hasReports() || !engines.capacity().equals(room.capacity())) {
                engineChanged();
            }
        }
        try {
            return call.execute();
        } catch (ControllerLink.RefusedException e) {
            answers.unsent(acks);
            if (e.status == 400) {
                // The controller read the batch and refused it: sending it again would loop forever.
                log.error("The controller refused {} reports ({}); they are dropped and their tasks will be lost engines' tasks",
                        reports.size(), e.getMessage());
            } else {
                engines.requeue(reports);
            }
            throw e;
        } catch (IOException e) {
            answers.unsent(acks);
            engines.requeue(reports);
            throw e;
        } finally {
            if (waitMs > 0) {
                parked = false;
                parkedPoll = null;
            }
        }
    }

    /** {@code asked}: the registration the poll was sent in; a "not known" answer from before the last one is stale. */
    private void handle(PollResponse response, long asked) {
        if (!response.getKnown()) {
            if (session.unknownSince(asked)) {
                log.warn("The controller does not know this worker (it restarted, or lost us); registering again");
                engines.dropQueued();
            }
            return;
        }
        Long sequence = response.getSequence();
        if (sequence != null && !answers.firstTime(sequence)) {
            log.debug("Answer {} came again or belongs to an earlier registration; its work is not taken twice", sequence);
            return;
        }
        engines.accept(response);
    }

    /** While the long poll is parked, reports and new room go out at once on a non-waiting poll. */
    private void engineChanged() {
        if (parked && session.isRegistered() && flushQueued.compareAndSet(false, true)) {
            flusher.execute(() -> {
                flushQueued.set(false);
                List<TaskReport> reports = engines.drainReports();
                Engines.Room room = engines.room();
                if (reports.isEmpty() && room.free() == 0) {
                    return;
                }
                long asked = session.current();
                try {
                    handle(poll(reports, room, 0), asked);
                    if (engines.hasReports()) {
                        engineChanged();
                    }
                } catch (IOException e) {
                    log.debug("Early report failed ({}); the poll loop sends it", e.getMessage());
                }
            });
        }
    }

    private void register() throws IOException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        WorkerRegistered r = ControllerLink.execute(link.api().registerWorker(new WorkerRegistration()
                .workerId(workerId)
                .host(host)
                .pid(ProcessHandle.current().pid())
                .engines(engines.count())
                .protocolVersion(WireClients.PROTOCOL_VERSION)
                .functions(functions)
                .dataUrl(dataServer.url())));
        dataServer.admitStaging(r.getStagingToken());
        answers.registered(r.getLastAnswer());
        // The controller knows of no graph result of ours now: what we held is nobody's any more.
        engines.forgetData();
        engines.assignIds(r.getEngineIds());
        heartbeatMs = Math.max(100, r.getHeartbeatIntervalMs());
        boolean first = session.registered();
        log.info("Worker {} registered with {} as engines {}", workerId, link.file().url(), r.getEngineIds());
        if (first) {
            heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        link.endOverduePolls();
        long asked = session.current();
        if (asked == Session.NONE) {
            return;
        }
        List<Long> acks = answers.take();
        try {
            WorkerAck ack = ControllerLink.execute(link.api().heartbeat(workerId, new Heartbeat().acks(acks)));
            if (Boolean.TRUE.equals(ack.getPollNow())) {
                // A cancel, say, for an engine of ours: with every engine busy the loop would not poll for it.
                pollNow.set(true);
                engines.wake();
            }
            if (!ack.getKnown() && session.unknownSince(asked)) {
                ControllerLink.Poll parkedNow = parkedPoll;
                if (parkedNow != null) {
                    parkedNow.cancel();
                }
            }
        } catch (IOException e) {
            answers.unsent(acks);
            log.debug("Heartbeat failed: {}", e.getMessage());
        }
    }
}
