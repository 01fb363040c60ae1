package dev.bramble.controller.scheduler;

import java.util.List;
import java.util.Set;

/** What a worker says when it registers, and what it gets back. */
public final class Registration {

    private Registration() {
    }

    /** A worker introduces itself. */
    public record Request(String workerId, String host, Long pid, int engines, Set<String> functions, String dataUrl) {
    }

    /**
     * The engine ids it hosts, and the sequence of the last answer with work it was sent: answers numbered up
     * to it belong to an earlier registration, whose tasks were queued again.
     */
    public record Answer(String workerId, List<Integer> engineIds, long lastAnswer) {
    }
}
