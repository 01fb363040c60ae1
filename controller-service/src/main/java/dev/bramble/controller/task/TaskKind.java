package dev.bramble.controller.task;

/** What an engine does with a task. */
public enum TaskKind {
    /** Call the function once with the arguments. */
    APPLY,
    /** Call the function once per element of the zipped argument sequences; the result is a list. */
    MAP,
    /** Put the entries of the one argument (an object) into the engine's namespace. */
    PUSH,
    /** Read the named values from the engine's namespace. */
    PULL,
    /** A task of a graph: a call whose arguments may be results of other tasks, kept on the worker under its key. */
    GRAPH
}
