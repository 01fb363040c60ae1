package dev.bramble.it;

import dev.bramble.client.Fn0;
import dev.bramble.client.Fn1;
import java.io.Serializable;
import java.util.List;

/**
 * The lambdas the SDK tests send to engines. They live apart from the tests: a lambda travels with the
 * classes its defining class refers to, and a test class refers to the whole test framework.
 */
final class Work {

    private Work() {
    }

    /** A value type of the client's that is not JSON-shaped: it travels as a typed Java object. */
    record Point(double x, double y) implements Serializable {
        Point scaled(double k) {
            return new Point(x * k, y * k);
        }
    }

    static Fn1<Point, Point> scale(double k) {
        return p -> p.scaled(k);
    }

    static Fn0<Long> pid() {
        return () -> ProcessHandle.current().pid();
    }

    static Fn1<Integer, Integer> failOnThree() {
        return x -> {
            if (x == 3) {
                throw new IllegalStateException("three is not allowed");
            }
            return x;
        };
    }

    static Fn0<String> captures(Object value) {
        return () -> String.valueOf(value);
    }

    /** Holds something that cannot be serialized, to show where the SDK says so. */
    static final class Holder implements Serializable {
        final String name = "holder";
        final Object lock = new Object();
    }

    static Fn0<Integer> sleepy(long ms) {
        return () -> {
            Thread.sleep(ms);
            return 1;
        };
    }

    static List<Integer> squares(List<Integer> xs) {
        return xs.stream().map(x -> x * x).toList();
    }

    static Fn1<Integer, Integer> slowInc(long ms) {
        return x -> {
            Thread.sleep(ms);
            return x + 1;
        };
    }
}
