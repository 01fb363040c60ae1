package dev.bramble.controller.scheduler;

import java.util.List;

/**
 * The answer to a worker's poll. {@code known} false: the controller does not know the worker; register
 * again. An answer with work has a {@code sequence} (else 0), which the worker acknowledges; until it does,
 * the answer may be sent again.
 */
public record PollResult(long sequence, List<Dispatch> tasks, List<CancelOrder> cancels, boolean known, List<String> releases) {

    static final PollResult UNKNOWN = new PollResult(0, List.of(), List.of(), false, List.of());
    static final PollResult EMPTY = new PollResult(0, List.of(), List.of(), true, List.of());

    boolean isEmpty() {
        return tasks.isEmpty() && cancels.isEmpty() && releases.isEmpty();
    }
}
