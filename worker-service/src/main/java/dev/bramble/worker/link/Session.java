package dev.bramble.worker.link;

/**
 * The worker's registration with the controller, numbered. The poll loop, the early-report poll and the
 * heartbeat each ask the controller on their own thread; when it answers that it does not know this
 * worker, that answer counts only if no registration happened since the question was sent. Otherwise a
 * heartbeat sent just before the worker registered again, after a controller restart, would make it
 * register a second time, and the controller would count the tasks it had just handed out as lost.
 */
final class Session {

    /** What {@link #current()} answers while the worker is not registered. */
    static final long NONE = 0;

    private long number;
    private boolean registered;

    /** The number of the registration in force, or {@link #NONE}. */
    synchronized long current() {
        return registered ? number : NONE;
    }

    synchronized boolean isRegistered() {
        return registered;
    }

    /** A registration succeeded; returns true if it is the worker's first. */
    synchronized boolean registered() {
        number++;
        registered = true;
        return number == 1;
    }

    /**
     * The controller said it does not know the worker, in answer to a request sent during registration
     * {@code asked}. True if that registration is still in force, which then ends; false if the answer is
     * stale.
     */
    synchronized boolean unknownSince(long asked) {
        if (!registered || asked != number) {
            return false;
        }
        registered = false;
        return true;
    }
}
