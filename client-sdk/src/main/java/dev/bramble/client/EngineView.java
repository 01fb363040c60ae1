package dev.bramble.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One engine ({@code c[3]} in ipyparallel): apply returns the value itself, not a list of one. */
public final class EngineView {

    private final Session session;
    private final int engine;
    private final Settings settings;

    EngineView(Session session, int engine, Settings settings) {
        this.session = session;
        this.engine = engine;
        this.settings = settings;
    }

    /** The engine's id. */
    public int id() {
        return engine;
    }

    private DirectView direct() {
        return new DirectView(session, List.of(engine), settings);
    }

    /** Runs a failed task again, up to n times. */
    public EngineView withRetries(int n) {
        return new EngineView(session, engine, settings.retries(n));
    }

    /** Interrupts a task that runs longer; it fails with a TimeoutError. */
    public EngineView withTimeout(Duration timeout) {
        return new EngineView(session, engine, settings.timeout(timeout));
    }

    /** Starts the work only after these results finished successfully. */
    public EngineView after(AsyncResult<?>... results) {
        return new EngineView(session, engine, settings.after(results));
    }

    /**
     * Runs the lambda (with these arguments) on this engine and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <R> R applySync(Fn0<R> f) {
        return applyAsync(f).join();
    }

    /**
     * Runs the lambda (with these arguments) on this engine and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <A, R> R applySync(Fn1<A, R> f, A a) {
        return applyAsync(f, a).join();
    }

    /**
     * Runs the lambda (with these arguments) on this engine and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <A, B, R> R applySync(Fn2<A, B, R> f, A a, B b) {
        return applyAsync(f, a, b).join();
    }

    /**
     * Runs the lambda (with these arguments) on this engine and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <A, B, C, R> R applySync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return applyAsync(f, a, b, c).join();
    }

    /**
     * Calls a named function of the workers (with these arguments) on this engine and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <R> R applySync(String function, Object... args) {
        return this.<R>apply(Session.named(function), Arrays.asList(args), true).join();
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <R> AsyncResult<R> applyAsync(Fn0<R> f) {
        return apply(session.lambda(f), List.of(), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <A, R> AsyncResult<R> applyAsync(Fn1<A, R> f, A a) {
        return apply(session.lambda(f), Arrays.asList(a), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <A, B, R> AsyncResult<R> applyAsync(Fn2<A, B, R> f, A a, B b) {
        return apply(session.lambda(f), Arrays.asList(a, b), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <A, B, C, R> AsyncResult<R> applyAsync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return apply(session.lambda(f), Arrays.asList(a, b, c), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <R> AsyncResult<R> applyAsync(String function, Object... args) {
        return apply(Session.named(function), Arrays.asList(args), false);
    }

    private <R> AsyncResult<R> apply(Session.Callee callee, List<?> args, boolean sync) {
        return session.apply(String.valueOf(engine), callee, args, settings, sync, results -> AsyncResult.cast(results.get(0)));
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

    /** The value of a name in the engine's namespace, like ipyparallel's {@code view['a']}. */
    public <R> R get(String name) {
        return pull(name);
    }

    @Override
    public String toString() {
        return "EngineView[" + engine + "]";
    }
}
