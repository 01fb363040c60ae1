package dev.bramble.controller.scheduler;

import java.util.List;

/** The answer to a worker's poll. {@code known} false: the controller does not know the worker; register again. */
public record PollResult(List<Dispatch> tasks, List<CancelOrder> cancels, boolean known) {

    static final PollResult UNKNOWN = new PollResult(List.of(), List.of(), false);
    static final PollResult EMPTY = new PollResult(List.of(), List.of(), true);
}
