package dev.bramble.client;

import java.io.Serializable;

/** A call with two arguments that can run on an engine: a serializable lambda that may throw. */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
    /**
     * Runs on an engine.
     * @return what goes back to the client
     */
    R call(A a, B b) throws Exception;
}
