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

    public int id() {
        return engine;
    }

    private DirectView direct() {
        return new DirectView(session, List.of(engine), settings);
    }

    public EngineView withRetries(int n) {
        return new EngineView(session, engine, settings.retries(n));
    }

    public EngineView withTimeout(Duration timeout) {
        return new EngineView(session, engine, settings.timeout(timeout));
    }

    public EngineView after(AsyncResult<?>... results) {
        return new EngineView(session, engine, settings.after(results));
    }

    public <R> R applySync(Fn0<R> f) {
        return applyAsync(f).join();
    }

    public <A, R> R applySync(Fn1<A, R> f, A a) {
        return applyAsync(f, a).join();
    }

    public <A, B, R> R applySync(Fn2<A, B, R> f, A a, B b) {
        return applyAsync(f, a, b).join();
    }

    public <A, B, C, R> R applySync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return applyAsync(f, a, b, c).join();
    }

    public <R> R applySync(String function, Object... args) {
        return this.<R>apply(Session.named(function), Arrays.asList(args), true).join();
    }

    public <R> AsyncResult<R> applyAsync(Fn0<R> f) {
        return apply(session.lambda(f), List.of(), false);
    }

    public <A, R> AsyncResult<R> applyAsync(Fn1<A, R> f, A a) {
        return apply(session.lambda(f), Arrays.asList(a), false);
    }

    public <A, B, R> AsyncResult<R> applyAsync(Fn2<A, B, R> f, A a, B b) {
        return apply(session.lambda(f), Arrays.asList(a, b), false);
    }

    public <A, B, C, R> AsyncResult<R> applyAsync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return apply(session.lambda(f), Arrays.asList(a, b, c), false);
    }

    public <R> AsyncResult<R> applyAsync(String function, Object... args) {
        return apply(Session.named(function), Arrays.asList(args), false);
    }

    private <R> AsyncResult<R> apply(Session.Callee callee, List<?> args, boolean sync) {
        return session.apply(String.valueOf(engine), callee, args, settings, sync, results -> AsyncResult.cast(results.get(0)));
    }

    public <A, R> List<R> mapSync(Fn1<A, R> f, List<A> xs) {
        return direct().mapSync(f, xs);
    }

    public void push(Map<String, ?> values) {
        direct().push(values);
    }

    public <R> R pull(String name) {
        return direct().<R>pull(name).get(0);
    }

    public <R> R get(String name) {
        return pull(name);
    }

    @Override
    public String toString() {
        return "EngineView[" + engine + "]";
    }
}
