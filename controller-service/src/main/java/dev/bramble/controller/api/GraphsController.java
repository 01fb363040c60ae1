package dev.bramble.controller.api;

import dev.bramble.controller.api.model.GraphPart;
import dev.bramble.controller.api.model.GraphPartRequest;
import dev.bramble.controller.api.model.GraphRequest;
import dev.bramble.controller.api.model.GraphStatus;
import dev.bramble.controller.api.model.HeldData;
import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.api.spec.GraphsApi;
import dev.bramble.controller.scheduler.GraphPlan;
import dev.bramble.controller.scheduler.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Task graphs: submit one whole (a very large one in parts), follow its progress, and the results persisted on the workers. */
@RestController
class GraphsController implements GraphsApi {

    private final Scheduler scheduler;
    private final Bundles bundles;
    private final GraphDrafts drafts;

    GraphsController(Scheduler scheduler, Bundles bundles, GraphDrafts drafts) {
        this.scheduler = scheduler;
        this.bundles = bundles;
        this.drafts = drafts;
    }

    @Override
    public CompletableFuture<ResponseEntity<Job>> submitGraph(GraphRequest request, Double wait) {
        List<GraphPlan.Task> earlier = request.getDraft() == null ? List.of() : drafts.take(request.getDraft());
        try {
            GraphPlan plan = JobPlanner.graph(request, earlier);
            bundles.checkPlan(plan);
            return Submissions.created(scheduler.submitGraph(plan, Submissions.wait(wait)));
        } catch (RuntimeException refused) {
            // The parts were accepted: a last part in error, or a controller too busy for the graph now, leaves them
            // for the same request sent again (the SDK does so after a 503).
            if (request.getDraft() != null) {
                drafts.putBack(request.getDraft(), earlier);
            }
            throw refused;
        }
    }

    @Override
    public CompletableFuture<ResponseEntity<GraphPart>> addGraphPart(GraphPartRequest request) {
        int first = request.getDraft() == null ? 0 : drafts.size(request.getDraft());
        List<GraphPlan.Task> tasks = JobPlanner.graphTasks(request.getTasks(), request.getCodes(), first);
        var added = drafts.add(request.getDraft(), tasks);
        return CompletableFuture.completedFuture(ResponseEntity.ok(new GraphPart().draft(added.getKey()).tasks(added.getValue())));
    }

    @Override
    public CompletableFuture<ResponseEntity<GraphStatus>> getGraph(Long jobId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.graph(scheduler.graph(jobId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<List<HeldData>>> listData() {
        return CompletableFuture.completedFuture(ResponseEntity.ok(scheduler.persisted().stream().map(Wire::held).toList()));
    }

    @Override
    public CompletableFuture<ResponseEntity<HeldData>> releaseData(String key) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.held(scheduler.releasePersisted(key))));
    }
}
