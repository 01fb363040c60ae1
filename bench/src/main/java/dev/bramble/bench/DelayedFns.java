package dev.bramble.bench;

import dev.bramble.lazy.Delayed;
import java.util.ArrayList;
import java.util.List;

/** W3's functions and graph, in a class of their own so that the code shipped to the engines is this class alone. */
final class DelayedFns {

    private DelayedFns() {
    }

    static int inc(int x) {
        return x + 1;
    }

    static int dbl(int x) {
        return 2 * x;
    }

    static int add(int a, int b) {
        return a + b;
    }

    static int sum(List<Integer> xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    /** The article's loop over range(n): 3n + 1 tasks. */
    static Delayed<Integer> graph(int n) {
        List<Delayed<Integer>> output = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            Delayed<Integer> a = Delayed.delayed(DelayedFns::inc).call(x);
            Delayed<Integer> b = Delayed.delayed(DelayedFns::dbl).call(x);
            output.add(Delayed.delayed(DelayedFns::add).call(a, b));
        }
        return Delayed.delayed(DelayedFns::sum).call(Delayed.list(output));
    }
}
