package dev.bramble.client;

/** Something went wrong talking to Bramble or running work on it. */
public class BrambleException extends RuntimeException {

    /** A failure with its message. */
    public BrambleException(String message) {
        super(message);
    }

    /** A failure with its cause. */
    public BrambleException(String message, Throwable cause) {
        super(message, cause);
    }
}
