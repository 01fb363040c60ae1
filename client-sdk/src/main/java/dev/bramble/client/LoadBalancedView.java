package dev.bramble.client;

import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Work that goes to whichever engine is free, least loaded first (ipyparallel's LoadBalancedView):
 * apply runs once and returns one value; map sends chunks of {@link #withChunkSize} elements.
 */
public final class LoadBalancedView extends SingleValueView<LoadBalancedView> {

    LoadBalancedView(Session session, Settings settings) {
        super(session, settings);
    }

    @Override
    LoadBalancedView with(Settings s) {
        return new LoadBalancedView(session, s);
    }

    @Override
    String targets() {
        return null;
    }

    /** How many elements one task of a map takes (default: automatic, about four tasks per engine). */
    public LoadBalancedView withChunkSize(int n) {
        return new LoadBalancedView(session, settings.chunkSize(n));
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
