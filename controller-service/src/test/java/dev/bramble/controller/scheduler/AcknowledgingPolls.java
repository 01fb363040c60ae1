package dev.bramble.controller.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Polls a scheduler the way workers do: each poll acknowledges the answer its worker had last. */
final class AcknowledgingPolls {

    private final Supplier<Scheduler> scheduler;
    private final Map<String, List<Long>> received = new HashMap<>();
    private long capacitySequence;

    AcknowledgingPolls(Supplier<Scheduler> scheduler) {
        this.scheduler = scheduler;
    }

    PollResult poll(String worker, Map<Integer, Integer> capacity, Report... reports) {
        List<Long> acks = received.getOrDefault(worker, List.of());
        PollResult r = scheduler.get().poll(worker, new WorkerPoll(List.of(reports), capacity, capacitySequence++, Long.MAX_VALUE, 0, 0, 0, acks)).join();
        received.put(worker, r.sequence() == 0 ? List.of() : List.of(r.sequence()));
        return r;
    }

    /** Acknowledges nothing, as a worker does whose last answer was lost on the way. */
    PollResult pollAfterALostAnswer(String worker, Map<Integer, Integer> capacity, Report... reports) {
        return scheduler.get().poll(worker, new WorkerPoll(List.of(reports), capacity, capacitySequence++, Long.MAX_VALUE, 0, 0, 0, List.of())).join();
    }

    /** The next capacity sequence, for a test's own polls. */
    long nextSequence() {
        return capacitySequence++;
    }
}
