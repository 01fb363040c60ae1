package dev.bramble.worker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.internal.Values;
import dev.bramble.client.wire.model.Assignment;
import dev.bramble.client.wire.model.Code;
import dev.bramble.client.wire.model.DataLocation;
import dev.bramble.client.wire.model.TaskError;
import dev.bramble.client.wire.model.TaskKind;
import dev.bramble.client.wire.model.TaskOutcome;
import dev.bramble.client.wire.model.TaskReport;
import dev.bramble.function.EngineContext;
import dev.bramble.function.RemoteFunction;
import dev.bramble.worker.data.DataFetcher;
import dev.bramble.worker.data.DataStore;
import dev.bramble.worker.data.HeldResults;
import dev.bramble.worker.data.Sizes;
import dev.bramble.worker.function.Functions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine: a thread that runs the tasks handed to it one at a time, in order, with its own namespace.
 * A task that runs past its timeout, or is cancelled, is interrupted and reported at once; if it ignores
 * the interrupt for the grace period the engine continues on a new thread and the old one is abandoned.
 */
public final class Engine implements EngineContext {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final int MAX_STACK_LINES = 60;

    private volatile int id;
    private final Namespace namespace = new Namespace();
    private final LinkedBlockingDeque<Assignment> queue = new LinkedBlockingDeque<>();
    /** What the arguments of the queued and the running task take (estimated), for the room the worker tells. */
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicReference<Running> current = new AtomicReference<>();
    private final Functions functions;
    private final CodeRunner code;
    private final HeldResults blobs;
    private final Evaluator evaluator;
    private final ObjectMapper json;
    private final ScheduledExecutorService watchdog;
    private final Consumer<TaskReport> outbox;
    private final Runnable freed;
    private final long graceMs;
    private final DataStore data;
    private final DataFetcher fetcher;
    /**
     * The lambdas of recent graph tasks, by their code objects (the tasks of one poll answer share one per
     * lambda): graph tasks are pure, so one loaded copy serves them all instead of reading the lambda again
     * per task, also when tasks of several lambdas alternate.
     */
    private final RecentLambdas lambdas = new RecentLambdas();
    private volatile Thread thread;
    private volatile boolean stopping;
    /** Smoothed task duration in nanoseconds; 0 until the first task finished. */
    private volatile double averageNanos;

    /** A task being run, and who reported its outcome first. */
    private record Running(Assignment task, Thread thread, AtomicBoolean reported, Instant started) {
    }

    Engine(int id, Functions functions, CodeRunner code, HeldResults blobs, ObjectMapper json, ScheduledExecutorService watchdog,
            Consumer<TaskReport> outbox, Runnable freed, long graceMs, DataStore data, DataFetcher fetcher) {
        this.data = data;
        this.fetcher = fetcher;
        this.id = id;
        this.functions = functions;
        this.code = code;
        this.blobs = blobs;
        this.evaluator = new Evaluator();
        this.freed = freed;
        this.json = json;
        this.watchdog = watchdog;
        this.outbox = outbox;
        this.graceMs = graceMs;
    }

    @Override
    public int engineId() {
        return id;
    }

    void setId(int id) {
        this.id = id;
        evaluator.setEngineId(id);
    }

    @Override
    public Map<String, Object> namespace() {
        return namespace;
    }

    void start() {
        Thread t = new Thread(this::loop, "bramble-engine-" + id);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void submit(Assignment a) {
        heldBytes.addAndGet(argumentBytes(a));
        queue.add(a);
    }

    /** Forgets tasks not yet started (after the controller forgot this worker, they run elsewhere). */
    void dropQueued() {
        List<Assignment> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        dropped.forEach(this::gone);
    }

    /** The task has left the engine: its arguments no longer count. */
    private void gone(Assignment a) {
        heldBytes.addAndGet(-argumentBytes(a));
    }

    boolean busy() {
        return current.get() != null || !queue.isEmpty();
    }

    /** How many more tasks this engine wants: enough to stay busy for the target batch time, at least one. */
    int slots(long targetBatchNanos, int maxPrefetch) {
        double avg = averageNanos;
        int wanted = avg <= 0 ? 1 : (int) Math.max(1, Math.min(maxPrefetch, targetBatchNanos / avg));
        int held = queue.size() + (current.get() != null ? 1 : 0);
        return Math.max(0, wanted - held);
    }

    /** About how many bytes the arguments of the tasks it holds take (running and waiting). */
    long heldBytes() {
        return heldBytes.get();
    }

    private static long argumentBytes(Assignment a) {
        return (a.getArgs() == null ? 0 : Sizes.of(a.getArgs())) + (a.getExpression() == null ? 0 : a.getExpression().length());
    }

    /** Stops one attempt of a task, queued or running. */
    void cancel(long taskId, int attempt) {
        queue.removeIf(a -> {
            boolean it = a.getTaskId() == taskId && a.getAttempt() == attempt;
            if (it) {
                gone(a);
            }
            return it;
        });
        Running r = current.get();
        if (r != null && r.task().getTaskId() == taskId && r.task().getAttempt() == attempt) {
            stop(r, TaskOutcome.CANCELLED, "cancelled by the client");
        }
    }

    void shutdown() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void loop() {
        while (!stopping && Thread.currentThread() == thread) {
            Assignment a;
            try {
                a = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
                continue;
            }
            if (a != null) {
                try {
                    run(a);
                } finally {
                    gone(a);
                }
            }
        }
    }

    private void run(Assignment a) {
        Instant started = Instant.now();
        Running r = new Running(a, Thread.currentThread(), new AtomicBoolean(), started);
        current.set(r);
        ScheduledFuture<?> timer = a.getTimeoutMs() != null && a.getTimeoutMs() > 0
                ? watchdog.schedule(() -> stop(r, TaskOutcome.TIMED_OUT, "timed out"), a.getTimeoutMs(), TimeUnit.MILLISECONDS)
                : null;
        long t0 = System.nanoTime();
        OutputCapture.begin();
        Object result = null;
        Throwable error = null;
        Held held = null;
        List<String> missing = null;
        try {
            if (a.getKind() == TaskKind.GRAPH) {
                held = graph(a);
                result = held.output() == null ? null : json.valueToTree(held.output());
            } else {
                result = json.valueToTree(execute(a));
            }
        } catch (MissingInputs m) {
            missing = m.dataIds;
        } catch (Throwable t) {
            error = t;
        } finally {
            String[] output = OutputCapture.end();
            if (timer != null) {
                timer.cancel(false);
            }
            current.compareAndSet(r, null);
            boolean interrupted = Thread.interrupted();
            if (r.reported().compareAndSet(false, true)) {
                if (missing != null) {
                    outbox.accept(report(r, TaskOutcome.INPUT_MISSING, output).missing(missing));
                } else if (error == null) {
                    outbox.accept(report(r, TaskOutcome.COMPLETED, output).result(result).size(held == null ? null : held.bytes())
                            .uploading(uploading(result)));
                } else {
                    outbox.accept(report(r, TaskOutcome.FAILED, output).error(error(error).taskId(a.getTaskId()).engine(id)));
                }
            } else if (interrupted) {
                log.debug("Task {} ended after it was stopped", a.getTaskId());
            }
            long took = System.nanoTime() - t0;
            double avg = averageNanos;
            averageNanos = avg <= 0 ? took : avg * 0.8 + took * 0.2;
            if (queue.isEmpty()) {
                freed.run();
            }
        }
    }

    /** The result's blobs still on their way to the controller, for the report; null if none. */
    private List<String> uploading(Object result) {
        if (!(result instanceof JsonNode node) || !blobs.anyUploading()) {
            return null;
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        collectUploading(node, out);
        return out.isEmpty() ? null : List.copyOf(out);
    }

    private void collectUploading(JsonNode node, LinkedHashSet<String> out) {
        JsonNode blob = node.isObject() ? node.get(Values.BLOB) : null;
        if (blob != null && blob.isTextual()) {
            if (blobs.uploading(blob.asText())) {
                out.add(blob.asText());
            }
            return;
        }
        for (JsonNode child : node) {
            collectUploading(child, out);
        }
    }

    private void stop(Running r, TaskOutcome outcome, String why) {
        if (!r.reported().compareAndSet(false, true)) {
            return;
        }
        outbox.accept(report(r, outcome, new String[2]));
        r.thread().interrupt();
        watchdog.schedule(() -> {
            if (current.get() == r && thread == r.thread() && !stopping) {
                log.warn("Task {} on engine {} ignored the interrupt ({}) for {} ms; the engine continues on a new thread", r.task().getTaskId(),
                        id, why, graceMs);
                current.compareAndSet(r, null);
                start();
            }
        }, graceMs, TimeUnit.MILLISECONDS);
    }

    private TaskReport report(Running r, TaskOutcome outcome, String[] output) {
        return new TaskReport()
                .taskId(r.task().getTaskId())
                .attempt(r.task().getAttempt())
                .engine(id)
                .outcome(outcome)
                .stdout(output[0])
                .stderr(output[1])
                .startedAt(OffsetDateTime.ofInstant(r.started(), ZoneOffset.UTC))
                .completedAt(OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** A graph task's result kept on this worker: about how big, and its value for the report if it is an output. */
    private record Held(long bytes, Object output) {
    }

    /** Inputs of a graph task that could not be fetched. */
    private static final class MissingInputs extends Exception {
        final List<String> dataIds;

        MissingInputs(List<String> dataIds) {
            super("missing inputs " + dataIds, null, false, false);
            this.dataIds = dataIds;
        }
    }

    /**
     * Runs a graph task: its inputs come from this worker's store or straight from the workers holding
     * them; its result stays here under its data id.
     */
    private Held graph(Assignment a) throws Exception {
        Map<String, DataStore.Entry> inputs = new HashMap<>();
        Map<String, List<String>> remote = new HashMap<>();
        List<String> missing = new ArrayList<>();
        if (a.getInputs() != null) {
            for (DataLocation in : a.getInputs()) {
                if (in.getUrl() != null) {
                    remote.computeIfAbsent(in.getUrl(), u -> new ArrayList<>()).add(in.getKey());
                    continue;
                }
                DataStore.Entry e = data.get(in.getKey());
                if (e == null) {
                    missing.add(in.getKey());
                } else {
                    inputs.put(in.getKey(), e);
                }
            }
        }
        if (!remote.isEmpty()) {
            Map<String, DataStore.Entry> fetched = fetcher.fetch(remote);
            remote.values().forEach(ids -> ids.stream().filter(id -> !fetched.containsKey(id)).forEach(missing::add));
            inputs.putAll(fetched);
        }
        if (!missing.isEmpty()) {
            throw new MissingInputs(missing);
        }
        List<Object> wireArgs = a.getArgs() == null ? List.of() : a.getArgs();
        CodeRunner.Loaded lambda = null;
        if (a.getCode() != null) {
            lambda = lambdas.get(a.getCode());
            if (lambda == null) {
                lambda = code.load(a.getCode(), this);
                lambdas.put(a.getCode(), lambda);
            }
        }
        ClassLoader loader = lambda != null ? lambda.loader() : Engine.class.getClassLoader();
        List<Object> args = new ArrayList<>(wireArgs.size());
        for (Object w : wireArgs) {
            args.add(resolve(w, inputs, loader));
        }
        Object value;
        if (lambda != null) {
            value = lambda.callDecoded(args);
        } else if (a.getFunction() != null) {
            value = function(a.getFunction()).call(args, this);
        } else {
            value = evaluator.evaluate(evaluator.compile(a.getExpression()), args, namespace);
        }
        DataStore.Entry kept = data.put(a.getKey(), value, lambda != null ? loader : null);
        return new Held(kept.bytes(), Boolean.TRUE.equals(a.getOutput()) ? Values.encode(value, blobs) : null);
    }

    /** A wire argument with its references replaced by their values, read with the loader. */
    private Object resolve(Object wire, Map<String, DataStore.Entry> inputs, ClassLoader loader) {
        if (wire instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("$ref") instanceof String id) {
                DataStore.Entry e = inputs.get(id);
                if (e == null) {
                    throw new IllegalStateException("the argument refers to " + id + ", which is not among the task's inputs");
                }
                return e.valueFor(loader);
            }
            if (m.containsKey(Values.JAVA) || Values.isBlob(m)) {
                return Values.decode(m, loader, blobs);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, inputs, loader)));
            return out;
        }
        if (wire instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(resolve(o, inputs, loader));
            }
            return out;
        }
        return wire;
    }

    private Object execute(Assignment a) throws Exception {
        List<Object> args = a.getArgs() == null ? List.of() : a.getArgs();
        return switch (a.getKind()) {
            case APPLY -> call(a, args);
            case MAP -> map(a, args);
            case PUSH -> {
                if (args.size() != 1 || !(args.get(0) instanceof Map<?, ?> values)) {
                    throw new IllegalArgumentException("push takes one object of names to values");
                }
                values.forEach((k, v) -> namespace.push(String.valueOf(k), fetched(v)));
                yield null;
            }
            case GRAPH -> throw new IllegalStateException("graph tasks run through graph()");
            case PULL -> {
                if (args.size() == 1) {
                    yield wireForm(lookup(String.valueOf(args.get(0))));
                }
                List<Object> values = new ArrayList<>(args.size());
                for (Object name : args) {
                    values.add(wireForm(lookup(String.valueOf(name))));
                }
                yield values;
            }
        };
    }

    /**
     * A pushed value as the namespace keeps it: a bulk value's bytes are fetched now (the data really
     * moves to the engine), and stay bytes until the name is read (see {@link Namespace}).
     */
    private Object fetched(Object wire) {
        return Values.isBlob(wire) ? Values.fetch(wire, blobs) : wire;
    }

    /** A namespace value as it goes over the wire: as it came, or encoded (bulk values uploaded as blobs). */
    private Object wireForm(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey(Values.JAVA)) {
            return value;
        }
        return Values.encode(value, blobs);
    }

    /** A name's value for a pull: as pushed, so that bytes nobody read go back without being decoded and encoded again. */
    private Object lookup(String name) {
        if (!namespace.containsKey(name)) {
            throw new NameError(name, id);
        }
        return namespace.asPushed(name);
    }

    private Object call(Assignment a, List<Object> args) throws Exception {
        if (a.getCode() != null) {
            return code.load(a.getCode(), this).call(args);
        }
        List<Object> values = arguments(args);
        if (a.getFunction() != null) {
            return carried(function(a.getFunction()).call(values, this));
        }
        return carried(evaluator.evaluate(evaluator.compile(a.getExpression()), values, namespace));
    }

    /**
     * The arguments of a named function or an expression: numbers that travelled as a blob (a client sends
     * a long list of numbers or a primitive array that way) are that list or array again, not the reference.
     * Anything else is the value as it came: JSON, and a serialized object as its reference, as the
     * engine has not the client's classes (an {@code echo} gives it back as it came).
     */
    private List<Object> arguments(List<?> wire) {
        List<Object> values = new ArrayList<>(wire.size());
        for (Object w : wire) {
            values.add(argument(w));
        }
        return values;
    }

    private Object argument(Object wire) {
        if (Values.isBlob(wire) && !"java".equals(((Map<?, ?>) wire).get(Values.TYPE))) {
            return Values.decode(wire, Engine.class.getClassLoader(), blobs);
        }
        return wire;
    }

    /**
     * A named function's or an expression's result, with the blob references it gives back (an
     * {@code echo} of a client's object) sent on with it: the bytes may be only on this worker (a value a
     * client staged here), and the client reads them from the controller.
     */
    private Object carried(Object result) {
        if (Values.isBlob(result)) {
            return Values.encode(Values.fetch(result, blobs), blobs);
        }
        if (result instanceof List<?> l) {
            List<Object> out = null;
            for (int i = 0; i < l.size(); i++) {
                Object e = l.get(i);
                Object c = e instanceof Map || e instanceof List ? carried(e) : e;
                if (c != e && out == null) {
                    out = new ArrayList<>(l);
                }
                if (out != null) {
                    out.set(i, c);
                }
            }
            return out == null ? l : out;
        }
        if (result instanceof Map<?, ?> m) {
            Map<Object, Object> out = null;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object c = carried(e.getValue());
                if (c != e.getValue()) {
                    if (out == null) {
                        out = new LinkedHashMap<>(m);
                    }
                    out.put(e.getKey(), c);
                }
            }
            return out == null ? m : out;
        }
        return result;
    }

    private List<Object> map(Assignment a, List<Object> sequences) throws Exception {
        if (sequences.isEmpty()) {
            return List.of();
        }
        List<List<?>> seqs = new ArrayList<>(sequences.size());
        for (Object s : sequences) {
            if (!(s instanceof List<?> l)) {
                throw new IllegalArgumentException("the arguments of a map are sequences (arrays)");
            }
            seqs.add(l);
        }
        int n = seqs.get(0).size();
        List<Object> out = new ArrayList<>(n);
        CodeRunner.Loaded lambda = a.getCode() != null ? code.load(a.getCode(), this) : null;
        RemoteFunction f = lambda == null && a.getFunction() != null ? function(a.getFunction()) : null;
        Evaluator.Compiled expr = lambda == null && f == null ? evaluator.compile(a.getExpression()) : null;
        for (int i = 0; i < n; i++) {
            List<Object> element = new ArrayList<>(seqs.size());
            for (List<?> s : seqs) {
                element.add(lambda != null ? s.get(i) : argument(s.get(i)));
            }
            out.add(lambda != null ? lambda.call(element)
                    : carried(f != null ? f.call(element, this) : evaluator.evaluate(expr, element, namespace)));
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped after " + (i + 1) + " of " + n + " elements");
            }
        }
        return out;
    }

    private RemoteFunction function(String name) {
        RemoteFunction f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("this worker has no function '" + name + "'; it has " + functions.names());
        }
        return f;
    }

    static TaskError error(Throwable t) {
        Throwable root = t;
        while (root instanceof java.lang.reflect.InvocationTargetException && root.getCause() != null) {
            root = root.getCause();
        }
        List<String> lines = new ArrayList<>();
        Throwable c = root;
        boolean first = true;
        while (c != null && lines.size() < MAX_STACK_LINES) {
            if (!first) {
                lines.add("Caused by: " + c);
            }
            for (StackTraceElement e : c.getStackTrace()) {
                if (e.getClassName().startsWith(Engine.class.getPackageName() + ".")) {
                    break;
                }
                lines.add("\tat " + e);
                if (lines.size() >= MAX_STACK_LINES) {
                    break;
                }
            }
            first = false;
            c = c.getCause() == c ? null : c.getCause();
        }
        String type = root instanceof NameError ? "NameError" : root.getClass().getName();
        return new TaskError().type(type).message(String.valueOf(root.getMessage())).stackTrace(lines);
    }
}
