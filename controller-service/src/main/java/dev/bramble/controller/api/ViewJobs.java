package dev.bramble.controller.api;

import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.scheduler.EngineView;
import dev.bramble.controller.scheduler.JobPlan;
import dev.bramble.controller.scheduler.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** What every call on a view does: plan it against the engines registered now, then submit it. */
@Component
final class ViewJobs {

    private final Scheduler scheduler;
    private final Bundles bundles;

    ViewJobs(Scheduler scheduler, Bundles bundles) {
        this.scheduler = scheduler;
        this.bundles = bundles;
    }

    /**
     * The job the planner makes for the engines registered now. Nothing is changed yet.
     *
     * @throws dev.bramble.controller.scheduler.SchedulerException if the request cannot be planned (bad input)
     */
    JobPlan plan(Function<List<Integer>, JobPlan> planner) {
        List<Integer> ids = scheduler.engines().stream().map(EngineView::id).toList();
        JobPlan plan = planner.apply(ids);
        bundles.checkPlan(plan);
        return plan;
    }

    /** Submits the job: 201 with the job, once it is stored, or once it finished if asked to wait. */
    CompletableFuture<ResponseEntity<Job>> submit(JobPlan plan, Double wait) {
        return Submissions.created(scheduler.submit(plan, Submissions.wait(wait)));
    }
}
