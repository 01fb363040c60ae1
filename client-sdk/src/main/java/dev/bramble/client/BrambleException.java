package dev.bramble.client;

/** Something went wrong talking to Bramble or running work on it. */
public class BrambleException extends RuntimeException {

    public BrambleException(String message) {
        super(message);
    }

    public BrambleException(String message, Throwable cause) {
        super(message, cause);
    }
}
