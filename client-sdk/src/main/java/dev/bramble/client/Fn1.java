package dev.bramble.client;

import java.io.Serializable;

/** A call with one argument that can run on an engine: a serializable lambda that may throw. */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {
    /**
     * Runs on an engine.
     * @return what goes back to the client
     */
    R call(A a) throws Exception;
}
