package dev.bramble.lazy;

/**
 * A task of a graph failed on a scheduler other than {@link Scheduler#SYNC}; the cause is the task's own
 * exception (or, on the cluster, a {@link dev.bramble.client.RemoteException} with the remote stack).
 */
public final class ComputeException extends RuntimeException {

    private final String key;

    ComputeException(String key, Throwable cause) {
        super("task " + key + " failed: " + cause, cause);
        this.key = key;
    }

    ComputeException(String key, String message) {
        super("task " + key + " failed: " + message);
        this.key = key;
    }

    /** The key of the task that failed. */
    public String key() {
        return key;
    }
}
