package dev.bramble.controller.api;

import java.io.IOException;

/** A request body grew past the configured limit while it was read. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes (bramble.limits.max-request-size).");
    }
}
