package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.GraphPlan;
import dev.bramble.controller.scheduler.SchedulerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Graphs sent in parts, until their last part arrives with POST /api/v1/graphs. A draft unused for
 * {@link #EXPIRY} is dropped, so an abandoned upload does not hold memory.
 */
@Component
class GraphDrafts {

    static final Duration EXPIRY = Duration.ofMinutes(10);

    private static final class Draft {
        final List<GraphPlan.Task> tasks = new ArrayList<>();
        Instant touched;
    }

    private final Clock clock;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();

    GraphDrafts(Clock clock) {
        this.clock = clock;
    }

    /** Adds tasks to the draft (a new one when null); returns the draft's id and how many tasks it holds. */
    synchronized Map.Entry<String, Integer> add(String draft, List<GraphPlan.Task> tasks) {
        expire();
        String id = draft == null ? UUID.randomUUID().toString() : draft;
        Draft d = draft == null ? new Draft() : drafts.get(draft);
        if (d == null) {
            throw unknown(draft);
        }
        d.tasks.addAll(tasks);
        d.touched = clock.instant();
        drafts.put(id, d);
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
        return d.tasks;
    }

    private void expire() {
        Instant limit = clock.instant().minus(EXPIRY);
        drafts.values().removeIf(d -> d.touched.isBefore(limit));
    }

    private static SchedulerException unknown(String draft) {
        return SchedulerException.notFound("graph draft (parts expire after 10 minutes unused)", draft);
    }
}
