package dev.bramble.client;

/** How far a result is: tasks in all, finished (completed, failed, cancelled or skipped), failed. */
public record Progress(int total, int finished, int failed) {

    /** Finished share, 0 to 1. */
    public double fraction() {
        return total == 0 ? 1 : (double) finished / total;
    }
}
