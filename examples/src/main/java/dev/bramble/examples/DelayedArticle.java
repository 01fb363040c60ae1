package dev.bramble.examples;

import dev.bramble.client.Client;
import dev.bramble.lazy.Delayed;
import dev.bramble.lazy.ProgressBar;
import dev.bramble.lazy.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dask article's delayed loop over 10,000 integers, computed on each of the four schedulers: in this
 * thread, on a thread pool, in two local worker JVMs, and on the cluster.
 */
public final class DelayedArticle {

    private DelayedArticle() {
    }

    public static void main(String[] args) throws Exception {
        Delayed<Integer> total = Fns.articleTotal(Client.range(10_000));
        Path picture = total.visualize(Files.createTempFile("article-", ".dot"));
        System.out.println("graph: " + total.graphSize() + " tasks, written to " + picture + " (Graphviz: dot -Tsvg)");
        time("sync", () -> total.compute(Scheduler.SYNC));
        time("threads(2)", () -> total.compute(Scheduler.threads(2)));
        try (Scheduler processes = Scheduler.processes(2)) {
            time("processes(2)", () -> total.compute(processes));
        }
        try (Client c = Connect.from(args); var scope = Scheduler.use(Scheduler.distributed(c)); ProgressBar bar = ProgressBar.show()) {
            time("distributed", total::compute);
        }
    }

    interface Computation {
        int run() throws Exception;
    }

    private static void time(String scheduler, Computation c) throws Exception {
        long t0 = System.nanoTime();
        int value = c.run();
        System.out.printf("%-13s total = %d in %.2f s%n", scheduler, value, (System.nanoTime() - t0) / 1e9);
    }
}
