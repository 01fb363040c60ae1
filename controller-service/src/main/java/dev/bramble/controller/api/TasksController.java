package dev.bramble.controller.api;

import dev.bramble.controller.api.model.PurgeResult;
import dev.bramble.controller.api.model.TaskInfo;
import dev.bramble.controller.api.model.TaskPage;
import dev.bramble.controller.api.model.TaskState;
import dev.bramble.controller.api.spec.TasksApi;
import dev.bramble.controller.scheduler.Scheduler;
import dev.bramble.controller.store.TaskQuery;
import dev.bramble.controller.task.TaskSnapshot;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Single tasks: query with history, cancel, resubmit, purge. */
@RestController
class TasksController implements TasksApi {

    private final Scheduler scheduler;
    private final Purges purges;

    TasksController(Scheduler scheduler, Purges purges) {
        this.scheduler = scheduler;
        this.purges = purges;
    }

    @Override
    public CompletableFuture<ResponseEntity<TaskPage>> listTasks(Long job, TaskState state, Integer engine, OffsetDateTime since,
            OffsetDateTime until, Long afterId, Integer limit) {
        int max = limit == null ? 500 : limit;
        TaskQuery query = new TaskQuery(job, state == null ? null : dev.bramble.controller.task.TaskState.valueOf(state.name()), engine,
                Wire.instant(since), Wire.instant(until), afterId == null ? 0 : afterId, max);
        List<TaskSnapshot> found = scheduler.tasks(query);
        TaskPage page = new TaskPage().tasks(found.stream().map(Wire::task).toList());
        if (found.size() == max) {
            page.setNextAfterId(found.get(found.size() - 1).id());
        }
        return CompletableFuture.completedFuture(ResponseEntity.ok(page));
    }

    @Override
    public CompletableFuture<ResponseEntity<TaskInfo>> getTask(Long taskId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.task(scheduler.task(taskId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<TaskInfo>> cancelTask(Long taskId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.task(scheduler.cancelTask(taskId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<TaskInfo>> resubmitTask(Long taskId) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(Wire.task(scheduler.resubmitTask(taskId))));
    }

    @Override
    public CompletableFuture<ResponseEntity<PurgeResult>> purgeTasks(OffsetDateTime before) {
        return CompletableFuture.completedFuture(ResponseEntity.ok(purges.finished(Wire.instant(before))));
    }
}
