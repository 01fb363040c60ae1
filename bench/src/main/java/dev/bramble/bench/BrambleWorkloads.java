package dev.bramble.bench;

import dev.bramble.client.Client;
import dev.bramble.client.DirectView;
import dev.bramble.client.OnEngine;
import dev.bramble.examples.Fns;
import dev.bramble.lazy.Delayed;
import dev.bramble.lazy.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bramble on the workloads, on a cluster shaped like the peers' (a controller and 2 engines on this
 * machine, loopback only) started with the launcher.
 */
final class BrambleWorkloads {

    /** Sizes: the peers' for a real run, tiny ones for the smoke run in the tests. */
    record Sizes(int w1Calls, int w1Warmup, int w2Tasks, int w3Items, int w4Doubles, int w4Ints) {
        static final Sizes FULL = new Sizes(2000, 100, 20_000, 10_000, 1_250_000, 1_000_000);
        static final Sizes SMOKE = new Sizes(20, 5, 200, 100, 10_000, 10_000);
    }

    private final Path root;
    private final Path home;
    private final Sizes sizes;
    private final int reps;
    private final Consumer<String> log;

    BrambleWorkloads(Path root, Path home, Sizes sizes, int reps, Consumer<String> log) {
        this.root = root;
        this.home = home;
        this.sizes = sizes;
        this.reps = reps;
        this.log = log;
    }

    /** A cluster started by ./bramble cluster start -n 2 --daemon; closing it stops it. */
    final class Cluster implements AutoCloseable {
        final String profile;
        final double startupSeconds;

        Cluster(String profile, String store) {
            this.profile = profile;
            long t0 = System.nanoTime();
            run(List.of("cluster", "start", "-n", "2", "--daemon", "--port", "0", "--profile", profile, "--store", store));
            this.startupSeconds = (System.nanoTime() - t0) / 1e9;
        }

        Client client() {
            return Client.connect(home.resolve("profile_" + profile).resolve("security/controller-client.json"));
        }

        /** The pid of the cluster's "controller" or "worker" process. */
        long pid(String role) {
            try {
                for (String line : Files.readAllLines(home.resolve("profile_" + profile).resolve("cluster.pids"))) {
                    if (line.startsWith(role + " ")) {
                        return Long.parseLong(line.substring(role.length() + 1).strip());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("no " + role + " pid");
        }

        /**
         * Stops the cluster. An answer the controller had to send a worker again (it was lost on the way, and
         * the tasks in it waited three heartbeat intervals) shows in a figure; the log says so.
         */
        @Override
        public void close() {
            Path controllerLog = home.resolve("profile_" + profile).resolve("log/controller.log");
            try (var lines = Files.lines(controllerLog)) {
                List<String> resent = lines.filter(l -> l.contains("Sending answer") && l.contains("again")).toList();
                if (!resent.isEmpty()) {
                    log.accept("cluster " + profile + ": the controller sent " + resent.size() + " answers to workers again; the first: "
                            + resent.get(0));
                }
            } catch (IOException | UncheckedIOException e) {
                log.accept("cluster " + profile + ": could not read " + controllerLog + ": " + e);
            }
            run(List.of("cluster", "stop", "--profile", profile));
        }
    }

    private void run(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bramble").toString()));
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("launcher.log").toFile()));
            pb.environment().put("BRAMBLE_HOME", home.toString());
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("./bramble " + String.join(" ", args) + " did not finish in 180 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("./bramble " + String.join(" ", args) + " failed; see " + home.resolve("launcher.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Result result(String workload, String variant, String metric, String unit, List<Double> runs) {
        Result r = new Result("bramble", workload, variant, metric, unit, runs);
        log.accept(r.json());
        return r;
    }

    /** W1 on a cluster with the given store ("file" or "memory"), named as the variant shows it. */
    List<Result> w1(Client c, String store) {
        List<Double> directMedian = new ArrayList<>();
        List<Double> directP99 = new ArrayList<>();
        List<Double> lbMedian = new ArrayList<>();
        List<Double> lbP99 = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            double[] d = latencies(() -> c.engine(0).applySync("noop"));
            directMedian.add(percentile(d, 50));
            directP99.add(percentile(d, 99));
            double[] l = latencies(() -> c.loadBalanced().applySync("noop"));
            lbMedian.add(percentile(l, 50));
            lbP99.add(percentile(l, 99));
        }
        String calls = sizes.w1Calls() + " sequential calls after " + sizes.w1Warmup() + " warm-up, " + store + " store";
        return List.of(result("W1", "c.engine(0).applySync(\"noop\"), " + calls, "latency_median", "us", directMedian),
                result("W1", "c.engine(0).applySync(\"noop\"), " + calls, "latency_p99", "us", directP99),
                result("W1", "c.loadBalanced().applySync(\"noop\"), " + calls, "latency_median", "us", lbMedian),
                result("W1", "c.loadBalanced().applySync(\"noop\"), " + calls, "latency_p99", "us", lbP99));
    }

    private double[] latencies(Runnable call) {
        for (int i = 0; i < sizes.w1Warmup(); i++) {
            call.run();
        }
        double[] us = new double[sizes.w1Calls()];
        for (int i = 0; i < us.length; i++) {
            long t0 = System.nanoTime();
            call.run();
            us[i] = (System.nanoTime() - t0) / 1e3;
        }
        return us;
    }

    /** Linear interpolation, as numpy's default percentile. */
    static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        double rank = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return s[lo] + (s[hi] - s[lo]) * (rank - lo);
    }

    Result w2(Client c, String store) {
        List<Double> runs = new ArrayList<>();
        List<Integer> xs = Client.range(sizes.w2Tasks());
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            List<Integer> out = c.loadBalanced().withChunkSize(1).mapSync("double", xs);
            double s = (System.nanoTime() - t0) / 1e9;
            check(out.size() == xs.size() && out.get(out.size() - 1) == 2 * (xs.size() - 1), "W2 results");
            runs.add(xs.size() / s);
        }
        return result("W2", "c.loadBalanced().withChunkSize(1).mapSync(\"double\", range(" + xs.size() + ")), " + store + " store",
                "throughput", "tasks/s", runs);
    }

    /** W3 on the local schedulers, in this JVM. */
    List<Result> w3Local() {
        return List.of(w3("Scheduler.threads(2)", Scheduler.threads(2)), w3("Scheduler.SYNC", Scheduler.SYNC));
    }

    /** W3: the article's graph computed by the scheduler (named as the variant shows it). */
    Result w3(String name, Scheduler scheduler) {
        int n = sizes.w3Items();
        int expected = 3 * (n * (n - 1) / 2) + n;
        List<Double> runs = new ArrayList<>();
        List<Double> builds = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            long b0 = System.nanoTime();
            Delayed<Integer> total = Fns.articleTotal(Client.range(n));
            builds.add((System.nanoTime() - b0) / 1e9);
            long t0 = System.nanoTime();
            int value = total.compute(scheduler);
            runs.add((System.nanoTime() - t0) / 1e9);
            check(value == expected, "W3 total on " + name + ": " + value + " instead of " + expected);
        }
        log.accept(String.format(Locale.ROOT, "W3 %s: graph built in %.3f s (median), computed in %s s", name,
                builds.stream().sorted().toList().get(builds.size() / 2), runs));
        return result("W3", "delayed inc/double/add over " + n + " items + delayed(sum); total.compute(" + name + ")", "wall", "s", runs);
    }

    List<Result> w4(Client c) {
        double[] array = new SplittableRandom(4001).doubles(sizes.w4Doubles()).toArray();
        double megabytes = array.length * 8 / 1e6;
        List<Double> push = new ArrayList<>();
        List<Double> pull = new ArrayList<>();
        List<Double> scatter = new ArrayList<>();
        List<Double> gather = new ArrayList<>();
        List<Integer> ints = Client.range(sizes.w4Ints());
        // The view is taken once, as the peers' dview = rc[:] (c.all() asks the controller for the engines).
        DirectView all = c.all();
        // The peers' procedure: the repetitions of push and pull, each followed by "del a" on the engines, then
        // those of scatter and gather, with an untimed check of the parts between the two and "del x" after.
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            all.push(Map.of("a", array));
            push.add(2 * megabytes / ((System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            List<double[]> back = all.pull("a");
            pull.add(2 * megabytes / ((System.nanoTime() - t0) / 1e9));
            check(back.size() == 2 && Arrays.equals(back.get(0), array) && Arrays.equals(back.get(1), array), "W4 pull");
            all.delete("a");
        }
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            all.scatter("x", ints);
            scatter.add((System.nanoTime() - t0) / 1e9);
            List<Integer> lengths = all.applySync(() -> OnEngine.<List<?>>get("x").size());
            check(lengths.equals(List.of(ints.size() / 2, ints.size() - ints.size() / 2)), "W4 scatter: " + lengths);
            t0 = System.nanoTime();
            List<Integer> whole = all.gather("x");
            gather.add((System.nanoTime() - t0) / 1e9);
            check(whole.equals(ints), "W4 gather");
            all.delete("x");
        }
        String mb = String.format(java.util.Locale.ROOT, "%.0f MB", megabytes);
        return List.of(result("W4", "all.push({a: " + mb + " double[]}) to both engines; MB/s = 2 x " + mb + " / t",
                        "bandwidth_to_workers", "MB/s", push),
                result("W4", "all.pull(\"a\") from both engines; MB/s = 2 x " + mb + " / t", "bandwidth_from_workers", "MB/s", pull),
                result("W4", "all.scatter(\"x\", range(" + ints.size() + "))", "wall", "s", scatter),
                result("W4", "all.gather(\"x\")", "wall", "s", gather));
    }

    /** Launch to engines registered and to first result (a fresh cluster each repetition), and idle RSS. */
    List<Result> w8() throws InterruptedException {
        List<Double> registered = new ArrayList<>();
        List<Double> firstResult = new ArrayList<>();
        List<Double> workerRss = new ArrayList<>();
        List<Double> clusterRss = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            try (Cluster cluster = new Cluster("w8-" + rep, "file"); Client c = cluster.client()) {
                c.loadBalanced().applySync("noop");
                firstResult.add((System.nanoTime() - t0) / 1e9);
                registered.add(cluster.startupSeconds);
                Thread.sleep(3_000);
                double worker = rssMiB(cluster.pid("worker"));
                workerRss.add(worker);
                clusterRss.add(worker + rssMiB(cluster.pid("controller")));
            }
        }
        return List.of(result("W8", "./bramble cluster start -n 2 --daemon until it returns: both engines registered", "startup", "s",
                        registered),
                result("W8", "./bramble cluster start -n 2 until the first loadBalanced().applySync(\"noop\") returns", "startup", "s",
                        firstResult),
                result("W8", "one worker process (2 engines) idle RSS, launcher's JVM flags", "rss", "MiB", workerRss),
                result("W8", "whole cluster idle RSS (controller and worker processes summed, client excluded)", "rss", "MiB",
                        clusterRss));
    }

    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what + ": wrong result");
        }
    }
}
