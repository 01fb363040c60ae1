package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.SchedulerException;
import java.util.AbstractList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a map's sequences: JSON arrays, or "range(n)", "range(a, b)", "range(a, b, step)" as in Python. */
final class Sequences {

    static final int MAX_LENGTH = 10_000_000;
    private static final Pattern RANGE = Pattern.compile("\\s*range\\(\\s*(-?\\d+)\\s*(?:,\\s*(-?\\d+)\\s*(?:,\\s*(-?\\d+)\\s*)?)?\\)\\s*");

    private Sequences() {
    }

    static List<Object> read(Object value, String field) {
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            return l;
        }
        if (value instanceof String s) {
            Matcher m = RANGE.matcher(s);
            if (!m.matches()) {
                throw SchedulerException.badRequest(field, s, "a sequence is a JSON array or \"range(n)\", \"range(a, b)\", \"range(a, b, step)\"");
            }
            long a = 0;
            long b;
            long step = 1;
            try {
                if (m.group(2) == null) {
                    b = Long.parseLong(m.group(1));
                } else {
                    a = Long.parseLong(m.group(1));
                    b = Long.parseLong(m.group(2));
                    if (m.group(3) != null) {
                        step = Long.parseLong(m.group(3));
                    }
                }
            } catch (NumberFormatException e) {
                throw SchedulerException.badRequest(field, s, "range bounds must fit in 64 bits");
            }
            if (step == 0) {
                throw SchedulerException.badRequest(field, s, "range step cannot be 0");
            }
            long count = step > 0 ? Math.max(0, (b - a + step - 1) / step) : Math.max(0, (a - b - step - 1) / -step);
            if (count > MAX_LENGTH) {
                throw SchedulerException.badRequest(field, s, "range has " + count + " elements; at most " + MAX_LENGTH);
            }
            return range(a, step, (int) count);
        }
        throw SchedulerException.badRequest(field, value, "a sequence is a JSON array or \"range(...)\"");
    }

    private static List<Object> range(long start, long step, int size) {
        boolean ints = start >= Integer.MIN_VALUE && start + step * (long) size <= Integer.MAX_VALUE
                && start + step * (long) size >= Integer.MIN_VALUE && start <= Integer.MAX_VALUE;
        return new AbstractList<>() {
            @Override
            public Object get(int i) {
                long v = start + step * i;
                return ints ? (Object) (int) v : (Object) v;
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
