package dev.bramble.controller.scheduler;

import java.util.List;
import java.util.Map;

/**
 * What a worker brings to a poll.
 *
 * @param reports its finished tasks
 * @param capacity how many more tasks each of its engines takes, by engine id
 * @param capacitySequence grows with every capacity it reads; negative: unnumbered, always applied
 * @param roomBytes how many more bytes of task arguments (estimated) it takes, read with the capacity
 * @param waitMs how long the answer may wait for work (0: answer at once)
 * @param fetches graph inputs it fetched from other workers since it started
 * @param fetchedBytes their bytes
 * @param acks the sequences of the answers it has had since it last said
 */
public record WorkerPoll(List<Report> reports, Map<Integer, Integer> capacity, long capacitySequence, long roomBytes, long waitMs, long fetches,
        long fetchedBytes, List<Long> acks) {
}
