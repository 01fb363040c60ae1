package dev.bramble.controller.store;

import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand over snapshots without waiting, and get a future that completes once the
 * snapshots are durable. One thread drains everything queued, keeps only the newest snapshot of each
 * task, and writes it all in one transaction. Writes of one caller reach the store in call order.
 */
public final class StoreWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private record Write(List<TaskSnapshot> tasks, List<JobSnapshot> jobs, List<EngineSnapshot> engines, List<Integer> removedEngines,
            CompletableFuture<Void> done) {
    }

    private final TaskStore store;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long commits;

    public StoreWriter(TaskStore store) {
        this.store = store;
        this.thread = new Thread(this::run, "bramble-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues the snapshots; the future completes when they are durable, or fails with the store's error. */
    public CompletableFuture<Void> write(List<TaskSnapshot> tasks, List<JobSnapshot> jobs, List<EngineSnapshot> engines,
            List<Integer> removedEngines) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the store is closed"));
            return done;
        }
        queue.add(new Write(tasks, jobs, engines, removedEngines, done));
        return done;
    }

    /** A future that completes when everything queued before it is durable. */
    public CompletableFuture<Void> flush() {
        return write(List.of(), List.of(), List.of(), List.of());
    }

    public long commits() {
        return commits;
    }

    public int backlog() {
        return queue.size();
    }

    private void run() {
        List<Write> drained = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, 10_000);
                commit(drained);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                drained.clear();
            }
        }
    }

    private void commit(List<Write> writes) {
        Map<Long, TaskSnapshot> tasks = new LinkedHashMap<>();
        Map<Long, JobSnapshot> jobs = new LinkedHashMap<>();
        Map<Integer, EngineSnapshot> engines = new LinkedHashMap<>();
        java.util.Set<Integer> removed = new java.util.LinkedHashSet<>();
        for (Write w : writes) {
            w.jobs().forEach(j -> jobs.put(j.id(), j));
            w.tasks().forEach(t -> tasks.put(t.id(), t));
            for (EngineSnapshot e : w.engines()) {
                engines.put(e.id(), e);
                removed.remove(e.id());
            }
            for (int id : w.removedEngines()) {
                engines.remove(id);
                removed.add(id);
            }
        }
        try {
            store.write(new StoreBatch(tasks.values(), jobs.values(), engines.values(), removed));
            commits++;
            writes.forEach(w -> w.done().complete(null));
        } catch (RuntimeException e) {
            log.error("Group commit of {} tasks failed; their submits are answered with an error", tasks.size(), e);
            writes.forEach(w -> w.done().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
