package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the controller in the middle of a run, on the default (file) store: after a restart nothing
 * it acknowledged is lost, the workers come back by themselves, and the run finishes. And one controller
 * per store: a second one on the same folder stops at its start.
 */
@Timeout(240)
class ControllerKillTest {

    @TempDir
    Path home;

    @Test
    void nothingAcknowledgedIsLostWhenTheControllerIsKilled() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0)) {
            c.startWorker("worker", 2);
            JsonNode finished = c.post("/api/v1/apply?wait=30", "{\"targets\": \"all\", \"function\": \"echo\", \"args\": [\"before\"]}");
            assertThat(finished.get("state").asText()).isEqualTo("COMPLETED");
            String seconds = IntStream.range(0, 600).mapToObj(i -> "0.01").collect(Collectors.joining(",", "[", "]"));
            long running = c.post("/api/v1/map", "{\"function\": \"sleep\", \"sequences\": [" + seconds + ", \"range(600)\"]}")
                    .get("id").asLong();
            c.await(Duration.ofSeconds(60), "some progress", () -> c.get("/api/v1/jobs/" + running + "?results=false")
                    .get("progress").get("completed").asInt() >= 100, null, null);
            long queuedLast = c.post("/api/v1/apply", "{\"targets\": \"0\", \"function\": \"echo\", \"args\": [\"acknowledged\"]}")
                    .get("id").asLong();

            Cluster.kill9(c.controller);
            int port = c.port;
            c.startController("file", port);

            JsonNode before = c.get("/api/v1/jobs/" + finished.get("id").asLong());
            assertThat(before.get("results").toString()).isEqualTo("[\"before\",\"before\"]");
            c.await(Duration.ofSeconds(60), "the worker to register again", () -> c.activeEngines() == 2, null, "worker");

            JsonNode run = c.awaitJob(running, Duration.ofSeconds(120));
            assertThat(run.get("state").asText()).isEqualTo("COMPLETED");
            List<Integer> results = new ArrayList<>();
            run.get("results").forEach(r -> results.add(r.asInt()));
            assertThat(results).isEqualTo(IntStream.range(0, 600).boxed().toList());
            JsonNode last = c.awaitJob(queuedLast, Duration.ofSeconds(60));
            assertThat(last.get("state").asText()).as(last + " " + c.get("/api/v1/tasks?job=" + queuedLast)).isEqualTo("COMPLETED");
            assertThat(last.get("results").toString()).isEqualTo("[\"acknowledged\"]");
            assertThat(c.get("/api/v1/engines").findValuesAsText("id")).containsExactly("0", "1");
            // Once at start and once after the restart: a second registration would count its running tasks as lost.
            assertThat(Files.readAllLines(c.log("worker")).stream().filter(l -> l.contains(" registered with "))).hasSize(2);
            // SQLite's library is loaded from the store's folder: the killed controller left no copy in the temporary one.
            try (Stream<Path> tmp = Files.list(home.resolve("tmp")); Stream<Path> store = Files.walk(home.resolve("profile_default/db"))) {
                assertThat(tmp.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("sqlite-"));
                assertThat(store.map(p -> p.getFileName().toString())).containsOnlyOnce("libsqlitejdbc.so");
            }
        }
    }

    @Test
    void aSecondControllerOnTheSameFolderStopsAtItsStartAndLeavesTheFirstAlone() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0)) {
            Path connection = home.resolve("profile_default/security/controller-client.json");
            String before = Files.readString(connection);

            Process second = c.startAnotherController("controller-2");

            assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second controller stops").isTrue();
            assertThat(second.exitValue()).isNotZero();
            assertThat(Files.readString(c.log("controller-2"))).contains("is in use by another controller");
            assertThat(Files.readString(connection)).isEqualTo(before);
            c.startWorker("worker", 1);
            JsonNode job = c.post("/api/v1/apply?wait=30", "{\"targets\": \"all\", \"function\": \"echo\", \"args\": [\"still here\"]}");
            assertThat(job.get("results").toString()).isEqualTo("[\"still here\"]");
        }
    }
}
