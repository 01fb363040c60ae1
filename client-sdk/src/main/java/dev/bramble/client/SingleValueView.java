package dev.bramble.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What views whose apply gives one value have in common (one engine, or load-balanced): the apply
 * overloads and the options.
 *
 * @param <V> the concrete view, which the options return
 */
abstract class SingleValueView<V extends SingleValueView<V>> {

    final Session session;
    final Settings settings;

    SingleValueView(Session session, Settings settings) {
        this.session = session;
        this.settings = settings;
    }

    /** The same view with other options. */
    abstract V with(Settings settings);

    /** The engine it is pinned to ("3"), or null for load-balanced. */
    abstract String targets();

    /** Runs a failed task again, up to n times. */
    public V withRetries(int n) {
        return with(settings.retries(n));
    }

    /** Interrupts a task that runs longer; it fails with a TimeoutError. */
    public V withTimeout(Duration timeout) {
        return with(settings.timeout(timeout));
    }

    /** Starts the work only after these results finished successfully. */
    public V after(AsyncResult<?>... results) {
        return with(settings.after(results));
    }

    /** A label shown in task queries and Swagger UI. */
    public V withLabel(String label) {
        return with(settings.label(label));
    }

    /**
     * Runs the lambda and waits for its value.
     *
     * @throws RemoteException if it threw on the engine
     */
    public <R> R applySync(Fn0<R> f) {
        return applyAsync(f).join();
    }

    /**
     * Runs the lambda with the argument and waits for its value.
     *
     * @throws RemoteException if it threw on the engine
     */
    public <A, R> R applySync(Fn1<A, R> f, A a) {
        return applyAsync(f, a).join();
    }

    /**
     * Runs the lambda with the arguments and waits for its value.
     *
     * @throws RemoteException if it threw on the engine
     */
    public <A, B, R> R applySync(Fn2<A, B, R> f, A a, B b) {
        return applyAsync(f, a, b).join();
    }

    /**
     * Runs the lambda with the arguments and waits for its value.
     *
     * @throws RemoteException if it threw on the engine
     */
    public <A, B, C, R> R applySync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return applyAsync(f, a, b, c).join();
    }

    /**
     * Calls a named function of the workers and waits for its value.
     *
     * @throws RemoteException if it threw on the engine
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
        return session.apply(targets(), callee, args, settings, sync, results -> AsyncResult.cast(results.get(0)));
    }
}
