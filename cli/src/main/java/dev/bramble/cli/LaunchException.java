package dev.bramble.cli;

/** A failure the launcher explains in one line. */
final class LaunchException extends RuntimeException {

    private final int exitCode;

    LaunchException(String message) {
        this(message, 1);
    }

    LaunchException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
