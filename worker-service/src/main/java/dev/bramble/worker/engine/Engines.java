package dev.bramble.worker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.wire.model.Assignment;
import dev.bramble.client.wire.model.CancelNotice;
import dev.bramble.client.wire.model.EngineCapacity;
import dev.bramble.client.wire.model.PollResponse;
import dev.bramble.client.wire.model.Transfers;
import dev.bramble.client.wire.model.TaskReport;
import dev.bramble.worker.data.DataFetcher;
import dev.bramble.worker.data.DataStore;
import dev.bramble.worker.data.HeldResults;
import dev.bramble.worker.function.Functions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engines of this worker and their shared outbox of reports. */
public final class Engines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engines.class);

    private final List<Engine> engines = new ArrayList<>();
    private final ConcurrentLinkedQueue<TaskReport> outbox = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService watchdog;
    private final Object signal = new Object();
    private volatile Runnable onChange = () -> { };
    private final long targetBatchNanos;
    private final int maxPrefetch;
    private final DataStore data;
    private final DataFetcher fetcher;
    /**
     * What the arguments of the tasks the engines hold (running and waiting) may take, estimated: a quarter of
     * the heap. The controller hands out tasks while there is room and one more, so a task larger than this
     * still runs, alone.
     */
    private final long taskMemory = Runtime.getRuntime().maxMemory() / 4;

    public Engines(int count, Functions functions, BundleSource bundles, HeldResults blobs, ObjectMapper json, Duration grace,
            Duration targetBatch, int maxPrefetch, DataStore data, DataFetcher fetcher) {
        OutputCapture.install();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bramble-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.targetBatchNanos = targetBatch.toNanos();
        this.maxPrefetch = maxPrefetch;
        this.data = data;
        this.fetcher = fetcher;
        CodeRunner code = new CodeRunner(bundles, blobs);
        for (int i = 0; i < count; i++) {
            engines.add(new Engine(-1, functions, code, blobs, json, watchdog, this::report, this::changed, grace.toMillis(), data, fetcher));
        }
    }

    public int count() {
        return engines.size();
    }

    /**
     * Called whenever a report arrives or an engine runs out of work: the poller then tells the controller
     * at once, even while its long poll is parked.
     */
    public void onChange(Runnable r) {
        this.onChange = r;
    }

    private void report(TaskReport r) {
        outbox.add(r);
        changed();
    }

    private void changed() {
        wake();
        onChange.run();
    }

    /** Sets the ids the controller gave (in order) and starts the engines the first time. */
    public void assignIds(List<Integer> ids) {
        if (ids.size() != engines.size()) {
            throw new IllegalStateException("the controller gave " + ids.size() + " engine ids for " + engines.size() + " engines");
        }
        for (int i = 0; i < ids.size(); i++) {
            Engine e = engines.get(i);
            boolean first = e.engineId() < 0;
            e.setId(ids.get(i));
            if (first) {
                e.start();
            }
        }
    }

    /**
     * The reports to send next: all of them, or as many as make about {@link #REPORTS_BYTES} (at least one). The
     * controller refuses a body over its message limit (16 MB by default) with 413, and a worker whose reports
     * piled up while the controller was away (each may carry a megabyte of stdout and one of stderr) would
     * send that batch again and again. A few thousand reports of small results still go in one batch.
     */
    public List<TaskReport> drainReports() {
        List<TaskReport> out = new ArrayList<>();
        long bytes = 0;
        TaskReport r;
        while (bytes < REPORTS_BYTES && (r = outbox.poll()) != null) {
            out.add(r);
            bytes += approximateBytes(r);
        }
        return out;
    }

    static final long REPORTS_BYTES = 1 << 20;

    /**
     * About a report's size on the wire: its output and error, which can be large, a result that is more than a
     * number or a string counted as the 64 KiB it may have before it travels as a blob, the rest flat.
     */
    static long approximateBytes(TaskReport r) {
        long n = 256;
        Object result = r.getResult();
        if (result instanceof JsonNode node && !node.isContainerNode()) {
            n += node.isTextual() ? node.textValue().length() : 16;
        } else if (result instanceof CharSequence text) {
            n += text.length();
        } else if (result instanceof Number || result instanceof Boolean) {
            n += 16;
        } else if (result != null) {
            n += 64 * 1024;
        }
        n += r.getStdout() == null ? 0 : r.getStdout().length();
        n += r.getStderr() == null ? 0 : r.getStderr().length();
        if (r.getError() != null) {
            n += (r.getError().getMessage() == null ? 0 : r.getError().getMessage().length())
                    + (r.getError().getStackTrace() == null ? 0 : r.getError().getStackTrace().stream().mapToLong(String::length).sum());
        }
        return n;
    }

    /** Puts reports back that could not be sent; the controller ignores duplicates. */
    public void requeue(List<TaskReport> reports) {
        outbox.addAll(reports);
    }

    public boolean hasReports() {
        return !outbox.isEmpty();
    }

    /** How many more tasks each engine takes now. */
    public List<EngineCapacity> capacity() {
        List<EngineCapacity> out = new ArrayList<>(engines.size());
        for (Engine e : engines) {
            out.add(new EngineCapacity().engine(e.engineId()).slots(e.slots(targetBatchNanos, maxPrefetch)));
        }
        return out;
    }

    /**
     * The engines' room now, numbered so that the controller can tell a newer reading from an older one: tasks
     * for each engine, and bytes of task arguments for them all.
     */
    public record Room(long sequence, List<EngineCapacity> capacity, long bytes) {
        /** How many more tasks the engines take; none when there is no room for their arguments. */
        public int free() {
            return bytes <= 0 ? 0 : capacity.stream().mapToInt(EngineCapacity::getSlots).sum();
        }
    }

    private long roomSequence;

    /** Reads the room and numbers the reading in one step, so numbers grow with the time of reading. */
    public synchronized Room room() {
        long held = 0;
        for (Engine e : engines) {
            held += e.heldBytes();
        }
        return new Room(++roomSequence, capacity(), Math.max(0, taskMemory - held));
    }

    /** Ends a wait of {@link #awaitReport} early. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Waits until a report arrives or an engine has room, or {@link #wake} is called, or the time passes. */
    public void awaitReport(long millis) throws InterruptedException {
        synchronized (signal) {
            if (outbox.isEmpty()) {
                signal.wait(millis);
            }
        }
    }

    /** Graph results fetched from other workers so far, for the controller. */
    public Transfers transfers() {
        return new Transfers().fetches(fetcher.fetches()).bytes(fetcher.bytes());
    }

    /** Forgets every graph result held (the controller no longer knows about them). */
    public void forgetData() {
        data.clear();
    }

    public void accept(PollResponse response) {
        if (response.getReleases() != null) {
            data.drop(response.getReleases());
        }
        for (Assignment a : response.getTasks()) {
            if (a.getCodeIndex() != null && response.getCodes() != null && a.getCodeIndex() < response.getCodes().size()) {
                a.setCode(response.getCodes().get(a.getCodeIndex()));
            }
            Engine e = byId(a.getEngine());
            if (e == null) {
                log.warn("Task {} was sent to engine {}, which this worker does not host", a.getTaskId(), a.getEngine());
            } else {
                e.submit(a);
            }
        }
        for (CancelNotice c : response.getCancels()) {
            Engine e = byId(c.getEngine());
            if (e != null) {
                e.cancel(c.getTaskId(), c.getAttempt());
            }
        }
    }

    private Engine byId(int id) {
        for (Engine e : engines) {
            if (e.engineId() == id) {
                return e;
            }
        }
        return null;
    }

    public void dropQueued() {
        engines.forEach(Engine::dropQueued);
    }

    public boolean busy() {
        return engines.stream().anyMatch(Engine::busy);
    }

    /** Waits up to the time for running tasks to finish, then stops every engine. */
    @Override
    public void close() {
        dropQueued();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (busy() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        engines.forEach(Engine::shutdown);
        watchdog.shutdownNow();
    }
}
