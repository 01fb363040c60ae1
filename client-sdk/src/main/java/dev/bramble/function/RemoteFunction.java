package dev.bramble.function;

import java.util.List;

/** A function engines run by name. Arguments and result are JSON-shaped values (numbers, strings, lists, maps). */
@FunctionalInterface
public interface RemoteFunction {

    /**
     * Runs on an engine's thread. An exception travels back to the caller with its type, message and stack
     * trace; an interrupt means the task was cancelled or timed out.
     */
    Object call(List<Object> args, EngineContext engine) throws Exception;
}
