package dev.bramble.client;

import java.io.Serializable;

/** A call with three arguments that can run on an engine: a serializable lambda that may throw. */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {
    /**
     * Runs on an engine.
     * @return what goes back to the client
     */
    R call(A a, B b, C c) throws Exception;
}
