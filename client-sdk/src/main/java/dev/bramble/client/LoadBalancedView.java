package dev.bramble.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Work that goes to whichever engine is free, least loaded first (ipyparallel's LoadBalancedView):
 * apply runs once and returns one value; map sends chunks of {@link #withChunkSize} elements.
 */
public final class LoadBalancedView {

    private final Session session;
    private final Settings settings;

    LoadBalancedView(Session session, Settings settings) {
        this.session = session;
        this.settings = settings;
    }

    /** Runs a failed task again, up to n times. */
    public LoadBalancedView withRetries(int n) {
        return new LoadBalancedView(session, settings.retries(n));
    }

    /** Interrupts a task that runs longer; it fails with a TimeoutError. */
    public LoadBalancedView withTimeout(Duration timeout) {
        return new LoadBalancedView(session, settings.timeout(timeout));
    }

    /** Starts the work only after these results finished successfully. */
    public LoadBalancedView after(AsyncResult<?>... results) {
        return new LoadBalancedView(session, settings.after(results));
    }

    /** A label shown in task queries and Swagger UI. */
    public LoadBalancedView withLabel(String label) {
        return new LoadBalancedView(session, settings.label(label));
    }

    /** How many elements one task of a map takes (default: automatic, about four tasks per engine). */
    public LoadBalancedView withChunkSize(int n) {
        return new LoadBalancedView(session, settings.chunkSize(n));
    }

    /**
     * Runs the lambda (with these arguments) on whichever engine is free and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <R> R applySync(Fn0<R> f) {
        return applyAsync(f).join();
    }

    /**
     * Runs the lambda (with these arguments) on whichever engine is free and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <A, R> R applySync(Fn1<A, R> f, A a) {
        return applyAsync(f, a).join();
    }

    /**
     * Runs the lambda (with these arguments) on whichever engine is free and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <A, B, R> R applySync(Fn2<A, B, R> f, A a, B b) {
        return applyAsync(f, a, b).join();
    }

    /**
     * Runs the lambda (with these arguments) on whichever engine is free and waits for its value.
     * @throws RemoteException if it threw on an engine
     */
    public <A, B, C, R> R applySync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return applyAsync(f, a, b, c).join();
    }

    /**
     * Calls a named function of the workers (with these arguments) on whichever engine is free and waits for its value.
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
        return session.apply(null, callee, args, settings, sync, results -> AsyncResult.cast(results.get(0)));
    }

    /**
     * Applies the lambda to every element (several sequences are zipped) and waits for the results, in element order.
     * @throws RemoteException if it threw on an engine
     */
    public <A, R> List<R> mapSync(Fn1<A, R> f, List<A> xs) {
        return mapAsync(f, xs).join();
    }

    /**
     * Applies the lambda to every element (several sequences are zipped) and waits for the results, in element order.
     * @throws RemoteException if it threw on an engine
     */
    public <A, B, R> List<R> mapSync(Fn2<A, B, R> f, List<A> xs, List<B> ys) {
        return mapAsync(f, xs, ys).join();
    }

    /**
     * Applies a named function of the workers to every element and waits for the results, in element order.
     * @throws RemoteException if it threw on an engine
     */
    public <R> List<R> mapSync(String function, List<?>... sequences) {
        return this.<R>mapAsync(function, sequences).join();
    }

    /** Like {@code mapSync}, but returns at once with the result to come. */
    public <A, R> AsyncResult<List<R>> mapAsync(Fn1<A, R> f, List<A> xs) {
        return session.map(null, session.lambda(f), List.of(xs), settings, false);
    }

    /** Like {@code mapSync}, but returns at once with the result to come. */
    public <A, B, R> AsyncResult<List<R>> mapAsync(Fn2<A, B, R> f, List<A> xs, List<B> ys) {
        return session.map(null, session.lambda(f), List.of(xs, ys), settings, false);
    }

    /** Like {@code mapSync}, but returns at once with the result to come. */
    public <R> AsyncResult<List<R>> mapAsync(String function, List<?>... sequences) {
        return session.map(null, Session.named(function), List.of(sequences), settings, false);
    }

    /**
     * This view as an {@link ExecutorService}: each submitted task goes to whichever engine is free. Tasks
     * must be serializable: {@code (Callable<T> & Serializable) () -> ...}.
     */
    public ExecutorService asExecutorService() {
        return new RemoteExecutorService(session, null, settings);
    }

    @Override
    public String toString() {
        return "LoadBalancedView";
    }
}
