package dev.bramble.controller.scheduler;

import java.time.Duration;

/**
 * The scheduler's timing and limits.
 *
 * @param heartbeatInterval how often workers say they are alive
 * @param heartbeatTimeout a worker silent this long is lost, and its tasks move on
 * @param reconnectGrace how long a worker the store remembers has, after a controller restart, to come back
 * @param maxPollWait the longest a worker's poll is held
 * @param engineLossLimit a load-balanced task whose engine is lost this many times fails
 * @param finishedTasksInMemory finished tasks kept in memory beyond this live on in the store only
 * @param taskMemory bytes (estimated, see {@link dev.bramble.controller.task.Sizes}) that the tasks in memory may hold, unfinished and finished
 *     ones each: finished jobs beyond it live on in the store only, and a job that would take the unfinished ones
 *     beyond it is refused (unless nothing is unfinished)
 */
public record SchedulerSettings(Duration heartbeatInterval, Duration heartbeatTimeout, Duration reconnectGrace, Duration maxPollWait,
        int engineLossLimit, int finishedTasksInMemory, long taskMemory) {

    public SchedulerSettings {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive: " + heartbeatInterval);
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout " + heartbeatTimeout + " must be longer than heartbeatInterval "
                    + heartbeatInterval);
        }
        if (finishedTasksInMemory < 0) {
            throw new IllegalArgumentException("finishedTasksInMemory < 0: " + finishedTasksInMemory);
        }
        if (taskMemory <= 0) {
            throw new IllegalArgumentException("taskMemory must be positive: " + taskMemory);
        }
    }

    /**
     * An answer with work that a worker has not acknowledged this long is sent again. A worker acknowledges
     * with its next poll or heartbeat, so three heartbeat intervals leave room for a late one; a copy sent
     * too early costs only its bytes, as the worker hands each answer to its engines once.
     */
    public Duration answerResendAfter() {
        return heartbeatInterval.multipliedBy(3);
    }
}
