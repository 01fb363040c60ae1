package dev.bramble.controller.api;

import dev.bramble.controller.api.model.ApplyRequest;
import dev.bramble.controller.api.model.GatherRequest;
import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.api.model.MapRequest;
import dev.bramble.controller.api.model.PullRequest;
import dev.bramble.controller.api.model.PushRequest;
import dev.bramble.controller.api.model.ScatterRequest;
import dev.bramble.controller.api.spec.ViewsApi;
import dev.bramble.controller.scheduler.JobPlan;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The ipyparallel-style calls on views (those with a readable, valid body and parameters are taken by {@link ViewsFilter}). */
@RestController
class ViewsController implements ViewsApi {

    private final ViewJobs jobs;

    ViewsController(ViewJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> apply(ApplyRequest request, Double wait) {
        return submit(engines -> JobPlanner.apply(request, engines), wait);
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> map(MapRequest request, Double wait) {
        return submit(engines -> JobPlanner.map(request, engines), wait);
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> push(PushRequest request, Double wait) {
        return submit(engines -> JobPlanner.push(request, engines), wait);
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> pull(PullRequest request, Double wait) {
        return submit(engines -> JobPlanner.pull(request, engines), wait);
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> scatter(ScatterRequest request, Double wait) {
        return submit(engines -> JobPlanner.scatter(request, engines), wait);
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> gather(GatherRequest request, Double wait) {
        return submit(engines -> JobPlanner.gather(request, engines), wait);
    }

    private CompletableFuture<ResponseEntity<Job>> submit(Function<List<Integer>, JobPlan> planner, Double wait) {
        return jobs.submit(jobs.plan(planner), wait);
    }
}
