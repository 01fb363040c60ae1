package dev.bramble.client;

/** The controller could not be reached (after retrying for the client's retry time). */
public final class BrambleConnectionException extends BrambleException {

    /** The controller was unreachable; the cause is the last network error. */
    public BrambleConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
