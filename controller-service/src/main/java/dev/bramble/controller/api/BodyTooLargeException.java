package dev.bramble.controller.api;

import java.io.IOException;

/** A request body grew past the configured limit while it was read. */
public final class BodyTooLargeException extends IOException {

    /** A body over the limit that the named property sets. */
    public BodyTooLargeException(long limit, String property) {
        super("The request body is larger than the limit of " + limit + " bytes (bramble.limits." + property + ")"
                + (property.equals(RequestSizeFilter.MESSAGE_PROPERTY)
                        ? "; send bulk values as blobs (PUT /api/v1/blobs/{sha256}, then {\"$blob\": sha256, \"$type\": ...} in the JSON),"
                                + " as the SDK does from 64 KiB on."
                        : "."));
    }
}
