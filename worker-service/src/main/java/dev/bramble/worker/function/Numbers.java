package dev.bramble.worker.function;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Arithmetic on JSON numbers: whole numbers stay whole (int when they fit), anything else is a double. */
final class Numbers {

    private Numbers() {
    }

    static Number number(Object o, String what) {
        if (o instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(what + " must be a number, not " + (o == null ? "null" : o.getClass().getSimpleName() + " " + o));
    }

    static boolean whole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
    }

    static Number narrow(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Number) (int) v : (Number) v;
    }

    static Number add(Number a, Number b) {
        return whole(a) && whole(b) ? narrow(Math.addExact(a.longValue(), b.longValue())) : a.doubleValue() + b.doubleValue();
    }

    static Number multiply(Number a, Number b) {
        return whole(a) && whole(b) ? narrow(Math.multiplyExact(a.longValue(), b.longValue())) : a.doubleValue() * b.doubleValue();
    }

    static Number plain(Number n) {
        if (n instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return n;
    }
}
