package dev.bramble.controller.api;

import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.api.model.JobRequest;
import dev.bramble.controller.api.model.PurgeResult;
import dev.bramble.controller.api.spec.JobsApi;
import dev.bramble.controller.scheduler.JobPlan;
import dev.bramble.controller.scheduler.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: submit, query, wait, cancel, purge. */
@RestController
class JobsController implements JobsApi {

    private final Scheduler scheduler;
    private final Bundles bundles;
    private final Purges purges;

    JobsController(Scheduler scheduler, Bundles bundles, Purges purges) {
        this.scheduler = scheduler;
        this.bundles = bundles;
        this.purges = purges;
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> submitJob(JobRequest request, Double wait) {
        JobPlan plan = JobPlanner.job(request);
        bundles.checkPlan(plan);
        return Submissions.created(scheduler.submit(plan, Submissions.wait(wait)));
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> getJob(Long jobId, Double wait, Boolean results) {
        boolean include = results == null || results;
        if (wait == null || wait == 0) {
            return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.job(scheduler.job(jobId, include))));
        }
        scheduler.job(jobId, false); // 404 before waiting for a job that does not exist
        return scheduler.await(jobId, Submissions.wait(wait))
                .thenApply(v -> ResponseEntity.ok(Wire.job(include ? v : scheduler.job(jobId, false))));
    }

    @Override
    public CompletableFuture<ResponseEntity<List<Job>>> listJobs(Integer limit) {
        List<Job> jobs = scheduler.recentJobs(limit == null ? 100 : limit).stream().map(Wire::job).toList();
        return CompletableFuture.completedFuture(ResponseEntity.ok(jobs));
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> cancelJob(Long jobId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.job(scheduler.cancelJob(jobId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<PurgeResult>> purgeJob(Long jobId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(purges.job(jobId)));
    }
}
