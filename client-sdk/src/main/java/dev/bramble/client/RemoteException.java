package dev.bramble.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task threw on an engine. It carries the remote exception's type, message, engine and stack trace,
 * and prints them like a Java "Caused by". When tasks on several engines failed, {@link #failures()}
 * lists each and the message names them all.
 */
public final class RemoteException extends BrambleException {

    private static final Pattern FRAME = Pattern.compile("\\s*at (?:[^(]*/)?([^/(]+)\\.([^.(/]+)\\((?:(.*?)(?::(\\d+))?)?\\)");

    /** The remote exception's class. */
    private final String remoteType;
    /** The remote exception's message. */
    private final String remoteMessage;
    /** The engine the task ran on. */
    private final Integer engine;
    /** The failed task. */
    private final long taskId;
    /** The remote stack trace. */
    private final List<String> remoteStackTrace;
    /** Every failed task. */
    private final List<RemoteException> failures;

    /** One failed task. */
    public RemoteException(long taskId, Integer engine, String remoteType, String remoteMessage, List<String> remoteStackTrace) {
        super(remoteType + ": " + remoteMessage + " (task " + taskId + (engine == null ? "" : " on engine " + engine) + ")",
                new Remote(remoteType, remoteMessage, remoteStackTrace));
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.engine = engine;
        this.taskId = taskId;
        this.remoteStackTrace = List.copyOf(remoteStackTrace);
        this.failures = List.of(this);
    }

    private RemoteException(List<RemoteException> failures) {
        super(failures.size() + " tasks failed: " + String.join("; ", failures.stream().map(RemoteException::getMessage).toList()),
                failures.get(0).getCause());
        RemoteException first = failures.get(0);
        this.remoteType = first.remoteType;
        this.remoteMessage = first.remoteMessage;
        this.engine = first.engine;
        this.taskId = first.taskId;
        this.remoteStackTrace = first.remoteStackTrace;
        this.failures = List.copyOf(failures);
        for (RemoteException f : failures.subList(1, failures.size())) {
            addSuppressed(f);
        }
    }

    /** One exception for all failed tasks: itself if there is one. */
    static RemoteException of(List<RemoteException> failures) {
        return failures.size() == 1 ? failures.get(0) : new RemoteException(failures);
    }

    /** The class of the exception the task threw (or a Bramble error type such as TimeoutError). */
    public String remoteType() {
        return remoteType;
    }

    /** The remote exception's message. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The engine it ran on, if it ran. */
    public Integer engine() {
        return engine;
    }

    /** The id of the failed task. */
    public long taskId() {
        return taskId;
    }

    /** The remote stack trace, one frame a line ("\tat ..."). */
    public List<String> remoteStackTrace() {
        return remoteStackTrace;
    }

    /** Every failed task: this one alone, or each of several. */
    public List<RemoteException> failures() {
        return failures;
    }

    /** Stands for the remote exception in the cause chain, so stack traces print it as "Caused by". */
    private static final class Remote extends Exception {
        private final String type;

        Remote(String type, String message, List<String> frames) {
            super(message, null, false, true);
            this.type = type;
            List<StackTraceElement> elements = new ArrayList<>();
            for (String line : frames) {
                Matcher m = FRAME.matcher(line);
                if (m.matches()) {
                    elements.add(new StackTraceElement(m.group(1), m.group(2), m.group(3), m.group(4) == null ? -1 : Integer.parseInt(m.group(4))));
                }
            }
            setStackTrace(elements.toArray(StackTraceElement[]::new));
        }

        @Override
        public String toString() {
            return type + " (remote): " + getMessage();
        }
    }
}
