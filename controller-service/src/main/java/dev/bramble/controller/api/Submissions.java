package dev.bramble.controller.api;

import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.scheduler.JobView;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;

/** What every submission answers: 201 with the job and its location. */
final class Submissions {

    private Submissions() {
    }

    static Duration wait(Double seconds) {
        return seconds == null ? Duration.ZERO : Duration.ofMillis(Math.round(seconds * 1000));
    }

    static CompletableFuture<ResponseEntity<Job>> created(CompletableFuture<JobView> job) {
        return job.thenApply(v -> ResponseEntity.created(URI.create("/api/v1/jobs/" + v.job().id())).body(Wire.job(v)));
    }
}
