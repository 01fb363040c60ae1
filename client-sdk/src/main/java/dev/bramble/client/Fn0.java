package dev.bramble.client;

import java.io.Serializable;

/** A call with no arguments that can run on an engine: a serializable lambda that may throw. */
@FunctionalInterface
public interface Fn0<R> extends Serializable {
    /**
     * Runs on an engine.
     * @return what goes back to the client
     */
    R call() throws Exception;
}
