package dev.bramble.client;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A view seen as an ExecutorService: tasks run on the cluster; shutting it down waits for none of them. */
final class RemoteExecutorService extends AbstractExecutorService {

    private final Session session;
    private final List<Integer> engines;
    private final Settings settings;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean shutdown;

    RemoteExecutorService(Session session, List<Integer> engines, Settings settings) {
        this.session = session;
        this.engines = engines;
        this.settings = settings;
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        AsyncResult<T> r = start(task);
        return new Wrapped<>(r);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        AsyncResult<T> r = start(callable);
        return new Wrapped<>(r);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        if (!(runnable instanceof Serializable)) {
            throw notSerializable(runnable);
        }
        Runnable r = runnable;
        Fn0<T> f = () -> {
            r.run();
            return value;
        };
        return new Wrapped<>(start0(f));
    }

    private <T> AsyncResult<T> start(Callable<T> task) {
        if (!(task instanceof Serializable)) {
            throw notSerializable(task);
        }
        Callable<T> c = task;
        Fn0<T> f = c::call;
        return start0(f);
    }

    private <T> AsyncResult<T> start0(Fn0<T> f) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("this executor is shut down");
        }
        String target = engines == null ? null : String.valueOf(engines.get(Math.floorMod(next.getAndIncrement(), engines.size())));
        return session.apply(target, session.lambda(f), List.of(), settings, false, results -> AsyncResult.cast(results.get(0)));
    }

    private static IllegalArgumentException notSerializable(Object task) {
        return new IllegalArgumentException("a " + task.getClass().getName() + " cannot travel to an engine: make it serializable, "
                + "for example (Callable<T> & Serializable) () -> ...");
    }

    @Override
    public void execute(Runnable command) {
        if (!(command instanceof Wrapped)) {
            newTaskFor(command, null);
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** An AsyncResult as a RunnableFuture whose run() has already happened remotely. */
    private static final class Wrapped<T> extends CompletableFuture<T> implements RunnableFuture<T> {
        private final AsyncResult<T> result;

        Wrapped(AsyncResult<T> result) {
            this.result = result;
        }

        @Override
        public void run() {
            // submitted when created
        }

        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            return result.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            return result.get(timeout, unit);
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return result.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }
    }
}
