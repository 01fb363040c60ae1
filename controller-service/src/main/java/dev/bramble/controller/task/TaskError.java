package dev.bramble.controller.task;

import java.util.List;

/**
 * Why a task failed: the remote exception's type, message and stack trace, or one of Bramble's own
 * error types (see the constants).
 */
public record TaskError(String type, String message, List<String> stackTrace, Integer engine) {

    /** The engine the task ran on was lost too many times. */
    public static final String ENGINE_LOST = "EngineLostError";
    /** The task ran past its timeout and was interrupted. */
    public static final String TIMEOUT = "TimeoutError";
    /** A task it runs after failed or was cancelled. */
    public static final String DEPENDENCY = "DependencyError";

    public TaskError {
        stackTrace = stackTrace == null ? List.of() : List.copyOf(stackTrace);
        message = message == null ? "" : message;
    }

    public static TaskError of(String type, String message, Integer engine) {
        return new TaskError(type, message, List.of(), engine);
    }
}
