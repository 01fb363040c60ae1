package dev.bramble.controller.task;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * About how much memory tasks take in the controller: the task itself, and the values it holds (arguments,
 * results, outputs) as JSON reads them: strings, numbers, booleans, lists and maps. A string counts a byte
 * per character (JSON's text is mostly Latin-1, which Java keeps so), every object a header and a
 * reference. It is what keeps the controller's memory bounded (the scheduler's and the memory store's
 * {@code bramble.scheduler.task-memory}), not a measurement.
 */
public final class Sizes {

    private static final long OBJECT = 24;
    /**
     * What a task takes beyond its values: its record in the scheduler, its history, its entries in the
     * maps and queues, and in the memory store its snapshot. Measured with a class histogram of a
     * controller holding 100,000 queued tasks of one small argument: about 450 bytes a task with the file
     * store, 600 with the memory store.
     */
    static final long TASK = 500;

    private Sizes() {
    }

    /** What a task takes before it runs: itself, its arguments and its expression. */
    public static long ofTask(List<Object> args, String expression) {
        return TASK + of(args) + (expression == null ? 0 : of(expression));
    }

    /** What a task's output holds: its result and what it printed. */
    public static long ofOutput(Object result, String stdout, String stderr) {
        return of(result) + (stdout == null ? 0 : stdout.length()) + (stderr == null ? 0 : stderr.length());
    }

    /** What a finished task takes: itself, its input and its output. */
    public static long of(TaskSnapshot t) {
        return ofTask(t.args(), t.expression()) + ofOutput(t.result(), t.stdout(), t.stderr());
    }

    /** A size for a message: "12.3 kB", "45.6 MB". */
    public static String shown(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3) : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** What a JSON-shaped value takes. */
    public static long of(Object value) {
        if (value == null) {
            return 8;
        }
        if (value instanceof CharSequence s) {
            return 2 * OBJECT + s.length();
        }
        if (value instanceof byte[] b) {
            return OBJECT + b.length;
        }
        if (value instanceof Collection<?> c) {
            long n = OBJECT + 8L * c.size();
            for (Object o : c) {
                n += of(o);
            }
            return n;
        }
        if (value instanceof Map<?, ?> m) {
            long n = OBJECT + 40L * m.size();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += of(e.getKey()) + of(e.getValue());
            }
            return n;
        }
        return OBJECT;
    }
}
