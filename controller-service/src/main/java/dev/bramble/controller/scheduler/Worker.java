package dev.bramble.controller.scheduler;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    /**
     * How many more bytes of task arguments (estimated) it takes, as it said with its capacity: each task
     * handed to it takes its size from this, and none is handed while it is not above zero.
     */
    long roomBytes = Long.MAX_VALUE;
    /** Tasks handed to this worker's engines and not yet reported, by id. */
    final Map<Long, Task> inFlight = new HashMap<>();
    final List<CancelOrder> cancels = new ArrayList<>();
    ParkedPoll parked;
    /**
     * The sequence of the last answer with work sent to it. Numbering starts at its creation time in
     * milliseconds times a million, so a number is never used twice for one worker id, even across
     * controller restarts.
     */
    long lastAnswer;
    /** Answers with work it has not acknowledged, by sequence, least recently sent first. */
    final LinkedHashMap<Long, SentAnswer> unacknowledged = new LinkedHashMap<>();
    /** Where other workers fetch the graph results it holds. */
    String dataUrl;
    /** Graph results it holds: data id to bytes. */
    final Map<String, Long> held = new HashMap<>();
    long heldBytes;
    /** Graph results it may drop, told with the next answer. */
    final List<String> releases = new ArrayList<>();
    /** Graph tasks whose inputs are mostly here; entries no longer QUEUED are skipped when taken. */
    final ArrayDeque<Task> preferred = new ArrayDeque<>();
    /** What it fetched from other workers since it started, as it last said. */
    long fetches;
    long fetchedBytes;

    Worker(String id, Instant now) {
        this.id = id;
        this.lastSeen = now;
        this.lastAnswer = now.toEpochMilli() * 1_000_000;
    }

    /** A long poll waiting for work. */
    record ParkedPoll(CompletableFuture<PollResult> answer, ScheduledFuture<?> timeout) {
    }

    /** An answer with work, and when it was last sent. */
    record SentAnswer(PollResult result, Instant sentAt) {
    }
}
