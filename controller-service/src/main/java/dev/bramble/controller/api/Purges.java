package dev.bramble.controller.api;

import dev.bramble.controller.api.model.PurgeResult;
import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Forgetting finished work, and with it the blobs that nothing names any more: not the stored tasks, not
 * the graphs still arriving in parts, and not a client that sent them within {@code bramble.store.blob-grace}
 * (its job may be on its way).
 */
@Component
class Purges {

    private final Scheduler scheduler;
    private final GraphDrafts drafts;
    private final Blobs blobs;
    private final Clock clock;
    private final Duration grace;

    Purges(Scheduler scheduler, GraphDrafts drafts, Blobs blobs, Clock clock, BrambleProperties properties) {
        this.scheduler = scheduler;
        this.drafts = drafts;
        this.blobs = blobs;
        this.clock = clock;
        this.grace = properties.store().blobGrace();
    }

    /** Finished jobs submitted before the instant (all finished ones if null). */
    PurgeResult finished(Instant before) {
        int tasks = scheduler.purgeFinished(before);
        return new PurgeResult().purged(tasks).blobs(sweep());
    }

    /** One finished job. */
    PurgeResult job(long jobId) {
        int tasks = scheduler.purgeJob(jobId);
        return new PurgeResult().purged(tasks).blobs(sweep());
    }

    private int sweep() {
        return blobs.sweep(() -> {
            Set<String> named = scheduler.namedBlobs();
            drafts.namedBlobs(named);
            return named;
        }, clock.instant().minus(grace));
    }
}
