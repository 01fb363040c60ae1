package dev.bramble.controller.scheduler;

/**
 * A request the scheduler refuses, with the HTTP status class it maps to and the field at fault.
 */
public class SchedulerException extends RuntimeException {

    /** Why the request was refused. */
    public enum Kind {
        /** The request names something wrong (400). */
        BAD_REQUEST,
        /** The thing does not exist (404). */
        NOT_FOUND,
        /** Not possible in the current state (409). */
        CONFLICT,
        /** The store failed (503). */
        UNAVAILABLE,
        /** The controller holds as much unfinished work as its memory allows; try again later (503). */
        BUSY,
        /** The memory store holds as many bytes as it may (507). */
        FULL,
        /** More than the controller may hold of one thing, however long the client waits (413). */
        TOO_LARGE
    }

    private final Kind kind;
    private final String field;
    private final String value;

    public SchedulerException(Kind kind, String field, Object value, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.value = value == null ? null : String.valueOf(value);
    }

    public static SchedulerException badRequest(String field, Object value, String message) {
        return new SchedulerException(Kind.BAD_REQUEST, field, value, message);
    }

    public static SchedulerException notFound(String what, Object id) {
        return new SchedulerException(Kind.NOT_FOUND, null, id, what + " " + id + " does not exist (or was purged)");
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }
}
