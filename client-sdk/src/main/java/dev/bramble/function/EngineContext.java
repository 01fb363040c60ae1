package dev.bramble.function;

import java.util.Map;

/** What a function may know of the engine it runs on. */
public interface EngineContext {

    /** The engine's id (0, 1, 2 ...). */
    int engineId();

    /** The engine's namespace, the values that push put there; only the engine's thread uses it. */
    Map<String, Object> namespace();
}
