package dev.bramble.client.internal;

import dev.bramble.function.EngineContext;
import java.util.concurrent.Callable;

/** The engine a lambda runs on, for {@link dev.bramble.client.OnEngine}; set by the worker around each call. */
public record EngineScope(EngineContext context, ClassLoader loader) {

    private static final ThreadLocal<EngineScope> CURRENT = new ThreadLocal<>();

    /** Runs the call with this scope as the current one. */
    public <T> T run(Callable<T> call) throws Exception {
        EngineScope previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * The scope of the calling engine thread.
     * @throws IllegalStateException if the thread is not running a lambda on an engine
     */
    public static EngineScope current() {
        EngineScope scope = CURRENT.get();
        if (scope == null) {
            throw new IllegalStateException("OnEngine is only for code that runs on an engine");
        }
        return scope;
    }
}
