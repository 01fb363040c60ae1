package dev.bramble.controller.task;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * About how much memory the values tasks hold take (arguments, results, outputs), as JSON reads them:
 * strings, numbers, booleans, lists and maps. A string counts a byte per character (JSON's text is mostly
 * Latin-1, which Java keeps so), every object a header and a reference. It is what keeps the controller's
 * memory bounded (the scheduler's and the memory store's {@code bramble.scheduler.task-memory}), not a
 * measurement.
 */
public final class Sizes {

    private static final long OBJECT = 24;

    private Sizes() {
    }

    /** What a task's input holds: its arguments and its expression. */
    public static long ofInput(List<Object> args, String expression) {
        return of(args) + (expression == null ? 0 : of(expression));
    }

    /** What a task's output holds: its result and what it printed. */
    public static long ofOutput(Object result, String stdout, String stderr) {
        return of(result) + (stdout == null ? 0 : stdout.length()) + (stderr == null ? 0 : stderr.length());
    }

    /** What a finished task holds: its input and output. */
    public static long of(TaskSnapshot t) {
        return ofInput(t.args(), t.expression()) + ofOutput(t.result(), t.stdout(), t.stderr());
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
