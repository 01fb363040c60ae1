package dev.bramble.examples;

import static dev.bramble.lazy.Delayed.delayed;

import dev.bramble.lazy.Delayed;
import java.util.ArrayList;
import java.util.List;

/** The functions of the dask article's delayed example, and its loop as a graph. */
public final class Fns {

    private Fns() {
    }

    public static int inc(int x) {
        return x + 1;
    }

    public static int dbl(int x) {
        return 2 * x;
    }

    public static int add(int a, int b) {
        return a + b;
    }

    public static int sum(List<Integer> xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    /** The article's loop: inc, double and add for each element, then the sum of all (3n + 1 tasks). Nothing runs yet. */
    public static Delayed<Integer> articleTotal(Iterable<Integer> data) {
        List<Delayed<Integer>> output = new ArrayList<>();
        for (int x : data) {
            Delayed<Integer> a = delayed(Fns::inc).call(x);
            Delayed<Integer> b = delayed(Fns::dbl).call(x);
            Delayed<Integer> c = delayed(Fns::add).call(a, b);
            output.add(c);
        }
        return delayed(Fns::sum).call(Delayed.list(output));
    }
}
