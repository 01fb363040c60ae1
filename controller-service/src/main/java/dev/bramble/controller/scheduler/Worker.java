package dev.bramble.controller.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A worker process and its engines, as the scheduler tracks it. Touched only under the scheduler's lock. */
final class Worker {

    final String id;
    String host;
    Long pid;
    Set<String> functions = Set.of();
    final List<Engine> engines = new ArrayList<>();
    /** False between a controller restart and the worker's registration. */
    boolean connected;
    Instant lastSeen;
    /** The sequence of the newest capacity applied; an older one, from a poll that crossed a newer, is ignored. */
    long capacitySequence = -1;
    /** Tasks handed to this worker's engines and not yet reported, by id. */
    final Map<Long, Task> inFlight = new HashMap<>();
    final List<CancelOrder> cancels = new ArrayList<>();
    ParkedPoll parked;

    Worker(String id, Instant now) {
        this.id = id;
        this.lastSeen = now;
    }

    /** A long poll waiting for work. */
    record ParkedPoll(CompletableFuture<PollResult> answer, ScheduledFuture<?> timeout) {
    }
}
