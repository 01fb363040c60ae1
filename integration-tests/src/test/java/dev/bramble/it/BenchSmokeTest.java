package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark command runs (tiny sizes, no peers), so it cannot rot; its figures are not looked at. */
@Timeout(300)
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsEveryBrambleWorkloadAndWritesJsonLines() throws Exception {
        Path out = dir.resolve("results.jsonl");
        Process p = new ProcessBuilder(Cluster.root().resolve("bench/run").toString(), "--smoke", "--no-peers", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bench.log").toFile()).start();
        assertThat(p.waitFor(280, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("bench.log"))).isZero();
        List<String> lines = Files.readAllLines(out);
        for (String workload : List.of("W1", "W2", "W4", "W8")) {
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"system\": \"bramble\"").contains("\"workload\": \"" + workload + "\""));
        }
        assertThat(Files.readString(dir.resolve("bench.log"))).contains("| W1 apply_sync round trip, engine 0, median | us |",
                "| W1 apply_sync round trip, engine 0, median, memory store | us |", "| W2 20,000 trivial tasks, chunk 1, memory store | tasks/s |");
    }
}
