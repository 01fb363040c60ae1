package dev.bramble.examples;

import dev.bramble.client.Client;
import java.util.List;
import java.util.SplittableRandom;

/** Estimates pi by throwing random points at a square, on every engine at once. */
public final class MonteCarloPi {

    private MonteCarloPi() {
    }

    public static void main(String[] args) {
        long samplesPerEngine = 2_000_000;
        try (Client c = Connect.from(args)) {
            List<Integer> seeds = c.ids();
            List<Long> inside = c.all().mapSync(seed -> {
                SplittableRandom random = new SplittableRandom(seed);
                long hits = 0;
                for (long i = 0; i < samplesPerEngine; i++) {
                    double x = random.nextDouble();
                    double y = random.nextDouble();
                    if (x * x + y * y <= 1) {
                        hits++;
                    }
                }
                return hits;
            }, seeds);
            long total = inside.stream().mapToLong(Long::longValue).sum();
            double pi = 4.0 * total / (samplesPerEngine * seeds.size());
            System.out.printf("pi is about %.5f (%d engines, %d samples)%n", pi, seeds.size(), samplesPerEngine * seeds.size());
        }
    }
}
