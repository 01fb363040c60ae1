package dev.bramble.worker.engine;

/** A pull asked for a name the engine's namespace does not have. */
public final class NameError extends RuntimeException {

    NameError(String name, int engine) {
        super("name '" + name + "' is not defined on engine " + engine);
    }
}
