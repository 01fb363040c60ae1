package dev.bramble.client;

/** The controller could not be reached (after retrying for the client's retry time). */
public final class BrambleConnectionException extends BrambleException {

    public BrambleConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
