package dev.bramble.bench;

import dev.bramble.client.Client;
import dev.bramble.lazy.Scheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the workloads on Bramble and on the peers in one run and prints one table with both figures
 * and the ratio; writes the raw results as JSON lines. W5, W6 and W7 need the lazy collections (arrays,
 * bags, dataframes) and print "not run" for Bramble until they exist.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Bramble beside ipyparallel and dask.distributed.")
public final class Bench implements Callable<Integer> {

    static final List<String> SUPPORTED = List.of("W1", "W2", "W3", "W4", "W8");

    @Option(names = "--only", split = ",", paramLabel = "W1,W2", description = "Workloads to run (default: ${DEFAULT-VALUE}).",
            defaultValue = "W1,W2,W3,W4,W8")
    List<String> only;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "3", description = "Repetitions per figure (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--no-peers", description = "Bramble only.")
    boolean noPeers;

    @Option(names = "--smoke", description = "Tiny sizes and one repetition, to check that the benchmark runs (figures mean nothing).")
    boolean smoke;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the JSON lines go (default: bench/results/results.jsonl).")
    Path out;

    @Option(names = "--peers", paramLabel = "DIR", description = "The peer scripts (default: ../shared/bench/peers from the root).")
    Path peersDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("bramble.root", ".")).toAbsolutePath().normalize();
        for (String w : only) {
            if (!w.matches("W[1-8]")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--only: '" + w + "' is not one of W1..W8");
            }
        }
        int repetitions = smoke ? 1 : reps;
        Path results = out != null ? out : root.resolve("bench/results/results.jsonl");
        Files.createDirectories(results.toAbsolutePath().getParent());
        Path home = Files.createTempDirectory("bramble-bench");
        List<Result> all = new ArrayList<>();
        try (PrintWriter jsonl = new PrintWriter(Files.newBufferedWriter(results)); TemporaryFolder removed = new TemporaryFolder(home)) {
            BrambleWorkloads bramble = new BrambleWorkloads(root, home, smoke ? BrambleWorkloads.Sizes.SMOKE : BrambleWorkloads.Sizes.FULL,
                    repetitions, line -> System.err.println("bramble: " + line));
            runBramble(bramble, all);
            if (!noPeers) {
                Path scripts = peersDir != null ? peersDir : root.resolve("../shared/bench/peers").normalize();
                Peers.checkScripts(scripts);
                Peers peers = new Peers(scripts, home, line -> System.err.println("peers: " + line));
                peers.install();
                List<String> peerWorkloads = only.stream().filter(SUPPORTED::contains).toList();
                all.addAll(peers.run("ipp_bench.py", "ipyparallel", peerWorkloads, repetitions, 1500));
                all.addAll(peers.run("dask_bench.py", "dask", peerWorkloads, repetitions, 1500));
            }
            all.forEach(r -> jsonl.println(r.json()));
        }
        System.out.println(table(all));
        System.out.println("JSON lines: " + results);
        return 0;
    }

    private void runBramble(BrambleWorkloads bramble, List<Result> all) throws InterruptedException {
        Set<String> wanted = new TreeSet<>(only);
        if (wanted.contains("W3")) {
            // As the peers measure dask's local schedulers: first, before any cluster exists.
            all.addAll(bramble.w3Local());
        }
        if (wanted.contains("W1") || wanted.contains("W4") || wanted.contains("W2") || wanted.contains("W3")) {
            try (BrambleWorkloads.Cluster cluster = bramble.new Cluster("bench-file", "file"); Client c = cluster.client()) {
                if (wanted.contains("W1")) {
                    all.addAll(bramble.w1(c, "file"));
                }
                if (wanted.contains("W2")) {
                    all.add(bramble.w2(c, "file"));
                }
                if (wanted.contains("W3")) {
                    all.add(bramble.w3("Scheduler.distributed(client)", Scheduler.distributed(c)));
                }
                if (wanted.contains("W4")) {
                    all.addAll(bramble.w4(c));
                }
            }
        }
        if (wanted.contains("W2")) {
            try (BrambleWorkloads.Cluster cluster = bramble.new Cluster("bench-memory", "memory"); Client c = cluster.client()) {
                if (wanted.contains("W1")) {
                    // W1 before W2, as on the file store and as the peers' scripts run them on their clusters.
                    all.addAll(bramble.w1(c, "memory"));
                }
                all.add(bramble.w2(c, "memory"));
            }
        }
        if (wanted.contains("W8")) {
            all.addAll(bramble.w8());
        }
        for (String w : wanted) {
            if (!SUPPORTED.contains(w)) {
                System.err.println("bramble: " + w + " not run: it needs the lazy collections (arrays, bags, dataframes)");
            }
        }
    }

    /** One row of the table: a Bramble figure and how to find the peers' figures for the same thing. */
    private record Row(String label, String workload, String metric, Predicate<String> bramble, Predicate<String> ipp,
            Predicate<String> dask, boolean higherIsBetter) {
    }

    private static Predicate<String> has(String s) {
        return v -> v.contains(s);
    }

    private static final Predicate<String> NONE = v -> false;

    private static final List<Row> ROWS = List.of(
            new Row("W1 apply_sync round trip, engine 0, median", "W1", "latency_median", has("engine(0)").and(has("file store")), has("rc[0]"),
                    has("submit"), false),
            new Row("W1 apply_sync round trip, engine 0, p99", "W1", "latency_p99", has("engine(0)").and(has("file store")), has("rc[0]"),
                    has("submit"), false),
            new Row("W1 load-balanced round trip, median", "W1", "latency_median", has("loadBalanced").and(has("file store")),
                    has("lview.apply_sync"), NONE, false),
            new Row("W1 apply_sync round trip, engine 0, median, memory store", "W1", "latency_median",
                    has("engine(0)").and(has("memory store")), NONE, NONE, false),
            new Row("W1 load-balanced round trip, median, memory store", "W1", "latency_median", has("loadBalanced").and(has("memory store")),
                    NONE, NONE, false),
            new Row("W2 20,000 trivial tasks, chunk 1, file store", "W2", "throughput", has("file store"), has("map_sync"), has("client.map"),
                    true),
            new Row("W2 20,000 trivial tasks, chunk 1, memory store", "W2", "throughput", has("memory store"), has("map_sync"),
                    has("client.map"), true),
            new Row("W3 delayed graph of 30,001 tasks, distributed", "W3", "wall", has("distributed"), NONE, has("distributed LocalCluster"),
                    false),
            new Row("W3 delayed graph of 30,001 tasks, threads", "W3", "wall", has("threads(2)"), NONE, has("threaded"), false),
            new Row("W3 delayed graph of 30,001 tasks, sync", "W3", "wall", has("SYNC"), NONE, has("synchronous"), false),
            new Row("W4 push 10 MB double[] to 2 engines", "W4", "bandwidth_to_workers", has("push"), has("push"), has("broadcast=True"), true),
            new Row("W4 pull 10 MB double[] from 2 engines", "W4", "bandwidth_from_workers", has("pull"), has("pull"),
                    has("gather(future of the broadcast"), true),
            new Row("W4 scatter 1,000,000-int list", "W4", "wall", has("scatter"), has("dview.scatter"), has("scatter([lst"), false),
            new Row("W4 gather 1,000,000-int list", "W4", "wall", has("gather"), has("dview.gather"), has("gather(the 2 half"), false),
            new Row("W8 launch to engines registered, 2 engines", "W8", "startup", has("registered"), has("engines registered"),
                    has("workers registered"), false),
            new Row("W8 launch to first result, 2 engines", "W8", "startup", has("first"), has("first lview"), has("first submit"), false),
            new Row("W8 idle worker memory (RSS)", "W8", "rss", has("worker process"), has("engine"), has("one worker process"), false),
            new Row("W8 idle whole cluster memory (RSS)", "W8", "rss", has("whole cluster"), has("whole cluster"), has("whole cluster"),
                    false));

    static String table(List<Result> all) {
        StringBuilder b = new StringBuilder("\n| workload | unit | Bramble | ipyparallel | dask.distributed | Bramble vs best peer |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        for (Row row : ROWS) {
            Result br = find(all, "bramble", row, row.bramble());
            if (br == null) {
                continue;
            }
            Result ipp = find(all, "ipyparallel", row, row.ipp());
            Result dask = find(all, "dask", row, row.dask());
            Double best = null;
            for (Result p : Arrays.asList(ipp, dask)) {
                if (p != null && (best == null || (row.higherIsBetter() ? p.median() > best : p.median() < best))) {
                    best = p.median();
                }
            }
            String ratio = best == null ? "-" : String.format(Locale.ROOT, "%.2fx %s", row.higherIsBetter() ? br.median() / best
                    : best / br.median(), (row.higherIsBetter() ? br.median() >= best : br.median() <= best) ? "better" : "worse");
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.label(), br.unit(), fmt(br), fmt(ipp), fmt(dask), ratio));
        }
        return b.toString();
    }

    private static Result find(List<Result> all, String system, Row row, Predicate<String> variant) {
        return all.stream().filter(r -> r.system().equals(system) && r.workload().equals(row.workload()) && r.metric().equals(row.metric())
                && variant.test(r.variant())).findFirst().orElse(null);
    }

    private static String fmt(Result r) {
        if (r == null) {
            return "-";
        }
        double m = r.median();
        return m >= 100 ? String.format(Locale.ROOT, "%,.0f", m) : String.format(Locale.ROOT, "%.3g", m);
    }

    /** The run's cluster homes and peer files (a file-store run leaves a gigabyte), removed when the run ends. */
    private record TemporaryFolder(Path path) implements AutoCloseable {
        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(path)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // The results are in; a folder left behind is worth a line, not a failed run.
                System.err.println("bramble: could not remove " + path + ": " + e.getMessage());
            }
        }
    }
}
