package dev.bramble.client;

import dev.bramble.client.internal.EngineScope;
import dev.bramble.client.internal.Values;

/**
 * What a lambda can reach while it runs on an engine: the engine's id and its namespace (the names that
 * {@code push} and {@code scatter} put there), like the globals of ipyparallel code.
 *
 * <pre>{@code
 * view.push(Map.of("k", 3));
 * List<Integer> r = view.applySync(() -> OnEngine.<Integer>get("k") * OnEngine.id());
 * }</pre>
 */
public final class OnEngine {

    private OnEngine() {
    }

    /** The id of the engine running the calling lambda. */
    public static int id() {
        return EngineScope.current().context().engineId();
    }

    /**
     * The value of a name in this engine's namespace.
     *
     * @throws IllegalArgumentException if the namespace has no such name
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(String name) {
        EngineScope scope = EngineScope.current();
        if (!scope.context().namespace().containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is not defined on engine " + scope.context().engineId());
        }
        return (T) Values.decode(scope.context().namespace().get(name), scope.loader());
    }

    /** Sets a name in this engine's namespace (pull reads it back). */
    public static void put(String name, Object value) {
        EngineScope.current().context().namespace().put(name, value);
    }
}
