package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import java.util.List;

/**
 * One task of a submission, before it has an id.
 *
 * @param engine the engine it must run on; null for load-balanced
 * @param afterIndexes indexes of earlier tasks of the same submission it runs after
 */
public record TaskPlan(TaskKind kind, String function, String expression, Code code, List<Object> args, Integer engine,
        List<Integer> afterIndexes, TaskOptions options) {

    public TaskPlan {
        args = args == null ? List.of() : args;
        afterIndexes = afterIndexes == null ? List.of() : List.copyOf(afterIndexes);
        options = options == null ? TaskOptions.DEFAULT : options;
    }
}
