package dev.bramble.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * ipyparallel and dask.distributed on the same workloads, through the peer scripts of
 * {@code shared/bench/peers} and Debian's python3 packages (installed with apt when missing).
 */
final class Peers {

    static final List<String> PACKAGES = List.of("python3-distributed", "python3-dask", "python3-ipyparallel", "python3-pandas",
            "python3-numpy", "python3-h5py", "python3-psutil");

    private final Path scripts;
    private final Path work;
    private final Consumer<String> log;

    Peers(Path scripts, Path work, Consumer<String> log) {
        this.scripts = scripts;
        this.work = work;
        this.log = log;
    }

    /** Installs the Debian packages if python3 cannot import the peers. */
    void install() throws IOException, InterruptedException {
        if (exec(List.of("/usr/bin/python3", "-c", "import distributed, ipyparallel, numpy"), 60, null) == 0) {
            return;
        }
        log.accept("installing " + String.join(" ", PACKAGES) + " with apt-get");
        exec(List.of("apt-get", "update", "-qq"), 600, null);
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
        cmd.addAll(PACKAGES);
        if (exec(cmd, 1200, null) != 0) {
            throw new IllegalStateException("apt-get install of the peers failed; run as root or install " + PACKAGES);
        }
    }

    /** Runs one peer script on the workloads and reads its JSON lines. */
    List<Result> run(String script, String system, List<String> workloads, int reps, int limitSeconds) throws IOException,
            InterruptedException {
        Path out = work.resolve(system + ".jsonl");
        int code = exec(List.of("/usr/bin/python3", scripts.resolve(script).toString(), "--only", String.join(",", workloads), "--reps",
                String.valueOf(reps), "--limit", String.valueOf(limitSeconds)), limitSeconds + 120, out);
        if (code != 0) {
            log.accept(script + " exited with " + code + "; its results so far are used");
        }
        List<Result> results = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = json.readTree(line);
            if (!n.has("median") || !n.has("metric")) {
                continue;
            }
            List<Double> runs = new ArrayList<>();
            n.path("runs").forEach(r -> runs.add(r.asDouble()));
            if (runs.isEmpty()) {
                runs.add(n.get("median").asDouble());
            }
            // W3 differs only by scheduler: it goes into the variant, which the table's rows match on.
            String variant = n.path("variant").asText() + (n.has("scheduler") ? " [" + n.get("scheduler").asText() + "]" : "");
            results.add(new Result(system, n.get("workload").asText(), variant, n.get("metric").asText(),
                    n.path("unit").asText(), runs));
        }
        return results;
    }

    private int exec(List<String> cmd, int seconds, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        // dask's worker space and the like go into the run's folder, which goes when the run ends.
        pb.environment().put("TMPDIR", work.toString());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("peers.log").toFile()));
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(work.resolve("peers.log").toFile())
                : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " ran past " + seconds + " s");
        }
        return p.exitValue();
    }

    static void checkScripts(Path scripts) {
        if (!Files.isRegularFile(scripts.resolve("ipp_bench.py"))) {
            throw new UncheckedIOException(new IOException("no peer scripts in " + scripts + " (use --peers DIR or --no-peers)"));
        }
    }
}
