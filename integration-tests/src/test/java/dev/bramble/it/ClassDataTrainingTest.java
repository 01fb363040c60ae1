package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's first start of a build prepares the services' class-data archives; the controller's
 * training run goes through a round of work (a worker's registration, poll and report, a client's job)
 * so that the classes of a real start's first requests are archived too.
 */
@Timeout(300)
class ClassDataTrainingTest {

    @TempDir
    Path home;
    @TempDir
    Path lib;

    @Test
    void theFirstStartOfABuildTrainsTheControllerWithARoundOfWork() throws Exception {
        // Jars of their own, so that their archives are prepared here, whatever other tests prepared.
        for (String service : List.of("controller", "worker")) {
            Files.copy(Cluster.jar(service), lib.resolve("bramble-" + service + ".jar"));
        }
        String started = bramble("cluster", "start", "-n", "1", "--daemon", "--port", "0", "--profile", "cds");
        try {
            assertThat(started).contains("Preparing the controller's class-data archive").contains("a controller and 1 engines")
                    .doesNotContain("training round failed");
            try (Stream<Path> files = Files.walk(lib.resolve("cds"))) {
                assertThat(files.filter(f -> f.getFileName().toString().equals("classes.jsa")).toList()).hasSize(2);
            }
        } finally {
            bramble("cluster", "stop", "--profile", "cds");
        }
    }

    /** Runs the launcher with these jars; its output and errors together. */
    private String bramble(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Cluster.root().resolve("bramble").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BRAMBLE_HOME", home.toString());
        pb.environment().put("BRAMBLE_LIB", lib.toString());
        Path out = home.resolve("launcher-" + System.nanoTime() + ".log");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
