package dev.bramble.client;

import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.internal.NumberList;
import dev.bramble.client.internal.Values;
import dev.bramble.client.wire.model.Job;
import dev.bramble.client.wire.model.JobRequest;
import dev.bramble.client.wire.model.TaskKind;
import dev.bramble.client.wire.model.TaskOptions;
import dev.bramble.client.wire.model.TaskSpec;
import dev.bramble.client.wire.model.PullRequest;
import dev.bramble.client.wire.model.PushRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * A set of engines that work is pinned to, like ipyparallel's DirectView ({@code c[:]}, {@code c[0:2]}):
 * {@code apply} runs once on every engine and returns one value per engine; {@code map} splits the
 * sequences into one contiguous part per engine. Immutable: the {@code with...} methods return a new
 * view.
 */
public final class DirectView {

    private final Session session;
    private final List<Integer> engines;
    private final Settings settings;

    DirectView(Session session, List<Integer> engines, Settings settings) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("a view needs at least one engine");
        }
        this.session = session;
        this.engines = List.copyOf(engines);
        this.settings = settings;
    }

    /** The engine ids of this view. */
    public List<Integer> ids() {
        return engines;
    }

    String targets() {
        return engines.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Runs a failed task again, up to n times. */
    public DirectView withRetries(int n) {
        return new DirectView(session, engines, settings.retries(n));
    }

    /** Interrupts a task that runs longer (it fails with a TimeoutError). */
    public DirectView withTimeout(Duration timeout) {
        return new DirectView(session, engines, settings.timeout(timeout));
    }

    /** Starts the work only after these results finished successfully. */
    public DirectView after(AsyncResult<?>... results) {
        return new DirectView(session, engines, settings.after(results));
    }

    /** A label shown in queries and Swagger UI. */
    public DirectView withLabel(String label) {
        return new DirectView(session, engines, settings.label(label));
    }

    /**
     * Runs the lambda (with these arguments) on every engine of the view and waits for the results: one per engine, in engine order.
     * @throws RemoteException if it threw on an engine (one exception listing every failed engine)
     */
    public <R> List<R> applySync(Fn0<R> f) {
        return this.<R>apply(session.lambda(f), List.of(), true).join();
    }

    /**
     * Runs the lambda (with these arguments) on every engine of the view and waits for the results: one per engine, in engine order.
     * @throws RemoteException if it threw on an engine (one exception listing every failed engine)
     */
    public <A, R> List<R> applySync(Fn1<A, R> f, A a) {
        return this.<R>apply(session.lambda(f), Arrays.asList(a), true).join();
    }

    /**
     * Runs the lambda (with these arguments) on every engine of the view and waits for the results: one per engine, in engine order.
     * @throws RemoteException if it threw on an engine (one exception listing every failed engine)
     */
    public <A, B, R> List<R> applySync(Fn2<A, B, R> f, A a, B b) {
        return this.<R>apply(session.lambda(f), Arrays.asList(a, b), true).join();
    }

    /**
     * Runs the lambda (with these arguments) on every engine of the view and waits for the results: one per engine, in engine order.
     * @throws RemoteException if it threw on an engine (one exception listing every failed engine)
     */
    public <A, B, C, R> List<R> applySync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return this.<R>apply(session.lambda(f), Arrays.asList(a, b, c), true).join();
    }

    /** Calls a named function of the workers (their standard library or plugins) on every engine. */
    public <R> List<R> applySync(String function, Object... args) {
        return this.<R>apply(Session.named(function), Arrays.asList(args), true).join();
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <R> AsyncResult<List<R>> applyAsync(Fn0<R> f) {
        return apply(session.lambda(f), List.of(), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <A, R> AsyncResult<List<R>> applyAsync(Fn1<A, R> f, A a) {
        return apply(session.lambda(f), Arrays.asList(a), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <A, B, R> AsyncResult<List<R>> applyAsync(Fn2<A, B, R> f, A a, B b) {
        return apply(session.lambda(f), Arrays.asList(a, b), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <A, B, C, R> AsyncResult<List<R>> applyAsync(Fn3<A, B, C, R> f, A a, B b, C c) {
        return apply(session.lambda(f), Arrays.asList(a, b, c), false);
    }

    /** Like {@code applySync}, but returns at once with the result to come. */
    public <R> AsyncResult<List<R>> applyAsync(String function, Object... args) {
        return apply(Session.named(function), Arrays.asList(args), false);
    }

    private <R> AsyncResult<List<R>> apply(Session.Callee callee, List<?> args, boolean sync) {
        return session.apply(targets(), callee, args, settings, sync, AsyncResult::cast);
    }

    /** Applies f to every element; the elements are split into one contiguous part per engine. */
    public <A, R> List<R> mapSync(Fn1<A, R> f, List<A> xs) {
        return this.<R>mapAsync(session.lambda(f), List.of(xs), true).join();
    }

    /**
     * Applies the lambda to every element (several sequences are zipped) and waits for the results, in element order.
     * @throws RemoteException if it threw on an engine
     */
    public <A, B, R> List<R> mapSync(Fn2<A, B, R> f, List<A> xs, List<B> ys) {
        return this.<R>mapAsync(session.lambda(f), List.of(xs, ys), true).join();
    }

    /**
     * Applies a named function of the workers to every element and waits for the results, in element order.
     * @throws RemoteException if it threw on an engine
     */
    public <R> List<R> mapSync(String function, List<?>... sequences) {
        return this.<R>mapAsync(Session.named(function), List.of(sequences), true).join();
    }

    /** Like {@code mapSync}, but returns at once with the result to come. */
    public <A, R> AsyncResult<List<R>> mapAsync(Fn1<A, R> f, List<A> xs) {
        return mapAsync(session.lambda(f), List.of(xs), false);
    }

    /** Like {@code mapSync}, but returns at once with the result to come. */
    public <A, B, R> AsyncResult<List<R>> mapAsync(Fn2<A, B, R> f, List<A> xs, List<B> ys) {
        return mapAsync(session.lambda(f), List.of(xs, ys), false);
    }

    /** Like {@code mapSync}, but returns at once with the result to come. */
    public <R> AsyncResult<List<R>> mapAsync(String function, List<?>... sequences) {
        return mapAsync(Session.named(function), List.of(sequences), false);
    }

    private <R> AsyncResult<List<R>> mapAsync(Session.Callee callee, List<? extends List<?>> sequences, boolean sync) {
        return session.map(targets(), callee, sequences, settings, sync);
    }

    /** Puts the names and values into every engine's namespace (ipyparallel's push). */
    public void push(Map<String, ?> values) {
        Map<String, Object> encoded = new LinkedHashMap<>();
        BlobStorage staging = session.stagingFor(engines, settings);
        values.forEach((k, v) -> encoded.put(k, Values.encode(v, staging)));
        Job job = session.wire.call(() -> session.wire.views.push(new PushRequest().targets(targets()).values(encoded)
                .options(settings.wire()), Session.SYNC_WAIT_SECONDS), false);
        new AsyncResult<>(session, job, r -> null).join();
    }

    /**
     * Removes the names from every engine's namespace, so their values can be collected (ipyparallel's
     * {@code execute("del a")}). Names an engine does not have are passed over.
     */
    public void delete(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("delete needs at least one name");
        }
        applySync("del", (Object[]) names);
    }

    /** Empties every engine's namespace (ipyparallel's {@code clear()}). */
    public void clear() {
        applySync("clear");
    }

    /** The value of a name on every engine of the view (ipyparallel's pull). */
    public <R> List<R> pull(String name) {
        Job job = session.wire.call(() -> session.wire.views.pull(new PullRequest().targets(targets()).names(List.of(name))
                .options(settings.wire()), Session.SYNC_WAIT_SECONDS), false);
        return new AsyncResult<List<R>>(session, job, AsyncResult::cast, engines).join();
    }

    /** The value of a name on every engine, like ipyparallel's {@code view['a']}. */
    public <R> List<R> get(String name) {
        return pull(name);
    }

    /**
     * Splits the list into one contiguous part per engine (the first {@code size % engines} parts one
     * longer) and pushes each part under the name. The client splits, so that a long list of numbers
     * travels to each engine as one binary part.
     */
    public void scatter(String name, List<?> values) {
        int k = engines.size();
        int base = values.size() / k;
        int extra = values.size() % k;
        List<TaskSpec> tasks = new ArrayList<>(k);
        TaskOptions options = settings.wire();
        for (int i = 0, from = 0; i < k; i++) {
            int to = from + base + (i < extra ? 1 : 0);
            Object part = Values.encode(part(values, from, to), session.stagingFor(List.of(engines.get(i)), settings));
            tasks.add(new TaskSpec().kind(TaskKind.PUSH).engine(engines.get(i)).args(List.of(Map.of(name, part))).options(options));
            from = to;
        }
        new AsyncResult<>(session, submitSync(tasks, options), r -> null).join();
    }

    /**
     * The elements from {@code from} to {@code to} in a list of their own: a NumberList when there are
     * enough of them to travel as numbers and they are all Integers or all Doubles (an engine receives such
     * a list as a NumberList anyway), else an ArrayList, which a shorter part arrives as.
     */
    private static List<?> part(List<?> values, int from, int to) {
        if (values instanceof NumberList<?> numbers) {
            return numbers.slice(from, to);
        }
        NumberList<?> numbers = to - from >= Values.BULK / 8 ? NumberList.copyOf(values.subList(from, to)) : null;
        return numbers != null ? numbers : new ArrayList<>(values.subList(from, to));
    }

    /**
     * Joins the parts of a scattered list back, in engine order. One pull per engine, joined here (not by
     * the controller's gather), so that each part is read from its engine's worker.
     */
    public <R> List<R> gather(String name) {
        TaskOptions options = settings.wire();
        List<TaskSpec> tasks = engines.stream().map(e -> new TaskSpec().kind(TaskKind.PULL).engine(e).args(List.of(name)).options(options))
                .toList();
        return AsyncResult.<R>gathered(session, submitSync(tasks, options), engines).join();
    }

    /** Submits the tasks as one job, the answer held at the controller until it finished (up to the sync wait). */
    private Job submitSync(List<TaskSpec> tasks, TaskOptions options) {
        JobRequest request = new JobRequest().label(options.getLabel()).tasks(tasks);
        return session.wire.call(() -> session.wire.jobs.submitJob(request, Session.SYNC_WAIT_SECONDS), false);
    }

    /**
     * This view as an {@link ExecutorService}: each submitted task runs on one engine of the view, in
     * turn. Tasks must be serializable: {@code (Callable<T> & Serializable) () -> ...}.
     */
    public ExecutorService asExecutorService() {
        return new RemoteExecutorService(session, engines, settings);
    }

    @Override
    public String toString() {
        return "DirectView" + engines;
    }
}
