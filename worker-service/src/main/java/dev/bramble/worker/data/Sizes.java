package dev.bramble.worker.data;

import dev.bramble.client.internal.NumberList;
import dev.bramble.client.internal.Values;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * About how many bytes a value takes, like dask's sizeof: exact for arrays and strings, sampled for big
 * collections, a flat guess for other objects. The scheduler uses it to run tasks where their inputs are.
 */
public final class Sizes {

    private static final int SAMPLE = 100;

    private Sizes() {
    }

    /** About how many bytes the value takes. */
    public static long of(Object v) {
        if (v == null) {
            return 8;
        }
        if (v instanceof Values.Bulk b) {
            return b.bytes().length;
        }
        if (v instanceof String s) {
            return 40 + 2L * s.length();
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return 16;
        }
        Class<?> type = v.getClass();
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            Class<?> c = type.getComponentType();
            int width = c == long.class || c == double.class ? 8 : c == int.class || c == float.class ? 4
                    : c == short.class || c == char.class ? 2 : 1;
            return 16 + (long) Array.getLength(v) * width;
        }
        if (v instanceof NumberList<?> numbers) {
            return 40 + (long) numbers.size() * (numbers instanceof NumberList.Ints ? 4 : 8);
        }
        if (v instanceof Collection<?> c) {
            return 40 + sample(c.iterator(), c.size());
        }
        if (v instanceof Map<?, ?> m) {
            return 48 + 2 * sample(m.values().iterator(), m.size());
        }
        if (v instanceof Object[] a) {
            return 16 + sample(java.util.Arrays.asList(a).iterator(), a.length);
        }
        return 64;
    }

    /** The size of the first elements, scaled to all of them. */
    private static long sample(Iterator<?> it, int size) {
        long sum = 0;
        int seen = 0;
        while (it.hasNext() && seen < SAMPLE) {
            sum += of(it.next()) + 8;
            seen++;
        }
        return seen == 0 ? 0 : sum * size / seen;
    }
}
