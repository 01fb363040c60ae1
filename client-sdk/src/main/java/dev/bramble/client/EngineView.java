package dev.bramble.client;

import java.util.List;
import java.util.Map;

/** One engine ({@code c[3]} in ipyparallel): apply returns the value itself, not a list of one. */
public final class EngineView extends SingleValueView<EngineView> {

    private final int engine;

    EngineView(Session session, int engine, Settings settings) {
        super(session, settings);
        this.engine = engine;
    }

    @Override
    EngineView with(Settings s) {
        return new EngineView(session, engine, s);
    }

    @Override
    String targets() {
        return String.valueOf(engine);
    }

    /** The engine's id. */
    public int id() {
        return engine;
    }

    private DirectView direct() {
        return new DirectView(session, List.of(engine), settings);
    }

    /**
     * Applies the lambda to every element (several sequences are zipped) and waits for the results, in element order.
     * @throws RemoteException if it threw on an engine
     */
    public <A, R> List<R> mapSync(Fn1<A, R> f, List<A> xs) {
        return direct().mapSync(f, xs);
    }

    /** Puts the names and values into the engine's namespace. */
    public void push(Map<String, ?> values) {
        direct().push(values);
    }

    /** The value of a name in the engine's namespace. */
    public <R> R pull(String name) {
        return direct().<R>pull(name).get(0);
    }

    /** Removes the names from the engine's namespace; names it does not have are passed over. */
    public void delete(String... names) {
        direct().delete(names);
    }

    /** Empties the engine's namespace. */
    public void clear() {
        direct().clear();
    }

    /** The value of a name in the engine's namespace, like ipyparallel's {@code view['a']}. */
    public <R> R get(String name) {
        return pull(name);
    }

    @Override
    public String toString() {
        return "EngineView[" + engine + "]";
    }
}
