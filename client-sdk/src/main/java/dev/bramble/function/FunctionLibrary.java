package dev.bramble.function;

import java.util.Map;

/** A set of named functions, found with {@link java.util.ServiceLoader} in a worker's plugins folder. */
public interface FunctionLibrary {

    /** The functions by name; a name of another library's function replaces it (the later jar wins). */
    Map<String, RemoteFunction> functions();
}
