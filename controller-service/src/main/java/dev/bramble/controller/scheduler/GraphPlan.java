package dev.bramble.controller.scheduler;

import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.TaskOptions;
import java.util.List;

/**
 * A graph as submitted: tasks with keys (in any order), the keys whose values the job returns, and
 * whether those stay on the workers afterwards. An argument {@code {"$ref": KEY}} is the result of
 * another task of the graph or of a persisted result.
 */
public record GraphPlan(String label, List<Task> tasks, List<String> outputs, boolean persist) {

    /** One task of the graph: exactly one of function, expression and code. */
    public record Task(String key, String function, String expression, Code code, List<Object> args, TaskOptions options) {
        public Task {
            args = args == null ? List.of() : args;
            options = options == null ? TaskOptions.DEFAULT : options;
        }
    }

    public GraphPlan {
        tasks = List.copyOf(tasks);
        outputs = List.copyOf(outputs);
    }
}
