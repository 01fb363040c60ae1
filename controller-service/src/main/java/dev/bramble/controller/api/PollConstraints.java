package dev.bramble.controller.api;

import dev.bramble.controller.api.model.EngineCapacity;
import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.TaskError;
import dev.bramble.controller.api.model.TaskReport;
import dev.bramble.controller.api.model.Transfers;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The contract's constraints on a poll, checked directly. Bean validation of a poll cost 1.5 us a report
 * (6 us until compiled) and a quarter of the controller's allocation in a run of many small tasks
 * (docs/performance.md, W2), for a handful of null checks and bounds. A poll that passes here holds every
 * constraint; one that does not is handed to the validator, which has the last word, so a check missing here
 * can only cost time, and a constraint added to the contract fails {@code PollConstraintsTest} until it is
 * checked here too.
 */
final class PollConstraints {

    private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");
    private static final int MAX_ACKS = 4096;

    private PollConstraints() {
    }

    static boolean hold(PollRequest poll) {
        Long waitMs = poll.getWaitMs();
        return (waitMs == null || (waitMs >= 0 && waitMs <= 60_000)) && (poll.getRoomBytes() == null || poll.getRoomBytes() >= 0)
                && all(poll.getReports(), PollConstraints::hold)
                && all(poll.getCapacity(), PollConstraints::hold) && hold(poll.getTransfers())
                && (poll.getAcks() == null || poll.getAcks().size() <= MAX_ACKS);
    }

    private static boolean hold(TaskReport r) {
        return r.getTaskId() != null && r.getAttempt() != null && r.getEngine() != null && r.getOutcome() != null
                && (r.getError() == null || hold(r.getError())) && all(r.getUploading(), PollConstraints::isHash);
    }

    private static boolean hold(TaskError e) {
        return e.getTaskId() != null && e.getType() != null && e.getMessage() != null;
    }

    private static boolean hold(EngineCapacity c) {
        return c.getEngine() != null && c.getSlots() != null && c.getSlots() >= 0;
    }

    private static boolean hold(Transfers t) {
        return t == null || (t.getFetches() != null && t.getBytes() != null);
    }

    private static boolean isHash(String s) {
        return s.length() == 64 && HASH.matcher(s).matches();
    }

    /** Whether every element is there and holds; a list with a null element is left to the validator. */
    private static <T> boolean all(List<T> items, Predicate<T> holds) {
        if (items == null) {
            return true;
        }
        for (T item : items) {
            if (item == null || !holds.test(item)) {
                return false;
            }
        }
        return true;
    }
}
