package dev.bramble.controller.store;

import dev.bramble.controller.task.TaskSnapshot;

/** The filter semantics of {@link TaskQuery}, shared by the stores that filter in Java. */
final class Matching {

    private Matching() {
    }

    static boolean matches(TaskQuery q, TaskSnapshot t) {
        return (q.jobId() == null || q.jobId() == t.jobId())
                && (q.state() == null || q.state() == t.state())
                && (q.engine() == null || q.engine().equals(t.engine()))
                && (q.since() == null || !t.submittedAt().isBefore(q.since()))
                && (q.until() == null || t.submittedAt().isBefore(q.until()));
    }
}
