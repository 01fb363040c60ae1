package dev.bramble.controller.api;

import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.GraphPlan;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.scheduler.SchedulerException.Kind;
import dev.bramble.controller.task.BlobNames;
import dev.bramble.controller.task.Sizes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Graphs sent in parts, until their last part arrives with POST /api/v1/graphs. A draft unused for
 * {@link #EXPIRY} is dropped, so an abandoned upload does not hold memory, and the drafts together hold at most
 * twice the task memory ({@code bramble.scheduler.task-memory}; a quarter of the heap by default, so that a
 * graph of about 250,000 tasks fits, which the heap holds once submitted): a part that would take one draft
 * beyond it is refused with 413 and the draft dropped, one that would take all of them beyond it with 503 Busy
 * until other drafts are submitted or dropped. A draft's first part is taken whenever no other draft holds
 * memory (a request is bounded by the message size).
 */
@Component
class GraphDrafts {

    static final Duration EXPIRY = Duration.ofMinutes(10);
    /**
     * What a draft's task takes beyond its key and values ({@link Sizes}): measured with a class histogram of
     * 100,000 tasks of one reference argument, about 440 bytes a task, of which the values count about 250.
     */
    private static final long TASK = 200;

    private static final class Draft {
        final List<GraphPlan.Task> tasks = new ArrayList<>();
        long bytes;
        Instant touched;
    }

    private final Clock clock;
    private final long memory;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private long bytes;

    GraphDrafts(Clock clock, BrambleProperties properties) {
        this.clock = clock;
        this.memory = 2 * properties.scheduler().taskMemoryBytes();
    }

    /** Adds tasks to the draft (a new one when null); returns the draft's id and how many tasks it holds. */
    synchronized Map.Entry<String, Integer> add(String draft, List<GraphPlan.Task> tasks) {
        expire();
        String id = draft == null ? UUID.randomUUID().toString() : draft;
        Draft d = draft == null ? new Draft() : drafts.get(draft);
        if (d == null) {
            throw unknown(draft);
        }
        long part = bytes(tasks);
        if (d.bytes > 0 && d.bytes + part > memory) {
            // The graph cannot be completed: its parts go at once rather than hold the room for 10 minutes.
            drafts.remove(draft);
            bytes -= d.bytes;
            throw new SchedulerException(Kind.TOO_LARGE, "draft", draft, "the graph's parts take about " + Sizes.shown(d.bytes)
                    + " and this part would add " + Sizes.shown(part) + ", more than the " + Sizes.shown(memory)
                    + " the controller keeps for graphs in parts (twice bramble.scheduler.task-memory), so the draft is dropped;"
                    + " pass large values as blobs, or give the controller more memory");
        }
        if (bytes > 0 && bytes + part > memory) {
            throw new SchedulerException(Kind.BUSY, null, null, "graphs sent in parts take about " + Sizes.shown(bytes)
                    + " and this part would add " + Sizes.shown(part) + ", more than the " + Sizes.shown(memory)
                    + " the controller keeps for them (twice bramble.scheduler.task-memory); send it again when other graphs are"
                    + " submitted (drafts unused for 10 minutes are dropped)");
        }
        keep(id, d, tasks, part);
        return Map.entry(id, d.tasks.size());
    }

    /** How many tasks the draft holds (to number the next part's tasks). */
    synchronized int size(String draft) {
        expire();
        Draft d = drafts.get(draft);
        if (d == null) {
            throw unknown(draft);
        }
        return d.tasks.size();
    }

    /** The draft's tasks, and the draft is gone; an unknown draft is a 404. */
    synchronized List<GraphPlan.Task> take(String draft) {
        expire();
        Draft d = drafts.remove(draft);
        if (d == null) {
            throw unknown(draft);
        }
        bytes -= d.bytes;
        return d.tasks;
    }

    /** A draft taken for a submit that was refused is kept again, whatever the drafts hold: it was accepted. */
    synchronized void putBack(String draft, List<GraphPlan.Task> tasks) {
        keep(draft, new Draft(), tasks, bytes(tasks));
    }

    /** Adds the blobs that the drafts' tasks name: they are accepted work, though not submitted yet. */
    synchronized void namedBlobs(Set<String> into) {
        expire();
        for (Draft d : drafts.values()) {
            d.tasks.forEach(t -> BlobNames.of(t.args(), into));
        }
    }

    private void keep(String id, Draft d, List<GraphPlan.Task> tasks, long part) {
        d.tasks.addAll(tasks);
        d.bytes += part;
        bytes += part;
        d.touched = clock.instant();
        drafts.put(id, d);
    }

    private void expire() {
        Instant limit = clock.instant().minus(EXPIRY);
        drafts.values().removeIf(d -> {
            if (d.touched.isBefore(limit)) {
                bytes -= d.bytes;
                return true;
            }
            return false;
        });
    }

    private static long bytes(List<GraphPlan.Task> tasks) {
        long n = 0;
        for (GraphPlan.Task t : tasks) {
            n += TASK + Sizes.of(t.key()) + Sizes.of(t.args()) + (t.expression() == null ? 0 : Sizes.of(t.expression()));
        }
        return n;
    }

    private static SchedulerException unknown(String draft) {
        return SchedulerException.notFound("graph draft (parts expire after 10 minutes unused)", draft);
    }
}
