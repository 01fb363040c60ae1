package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a worker in the middle of 2,000 load-balanced tasks: every task completes, each result recorded once. */
@Timeout(180)
class WorkerKillTest {

    @TempDir
    Path home;

    @Test
    void everyTaskCompletesOnceWhenAWorkerIsKilledMidRun() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0)) {
            Process doomed = c.startWorker("worker-a", 2);
            c.startWorker("worker-b", 2);
            String seconds = IntStream.range(0, 2000).mapToObj(i -> "0.004").collect(Collectors.joining(",", "[", "]"));
            JsonNode job = c.post("/api/v1/map", "{\"function\": \"sleep\", \"sequences\": [" + seconds + ", \"range(2000)\"]}");
            long jobId = job.get("id").asLong();
            c.await(Duration.ofSeconds(60), "a quarter of the tasks", () -> c.get("/api/v1/jobs/" + jobId + "?results=false")
                    .get("progress").get("completed").asInt() >= 500, null, null);
            Cluster.kill9(doomed);

            JsonNode done = c.awaitJob(jobId, Duration.ofSeconds(120));
            assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
            List<Integer> results = new ArrayList<>();
            done.get("results").forEach(r -> results.add(r.asInt()));
            assertThat(results).isEqualTo(IntStream.range(0, 2000).boxed().toList());

            int moved = 0;
            long afterId = 0;
            int seen = 0;
            while (true) {
                JsonNode page = c.get("/api/v1/tasks?job=" + jobId + "&limit=1000&afterId=" + afterId);
                for (JsonNode t : page.get("tasks")) {
                    seen++;
                    int completions = 0;
                    boolean lost = false;
                    for (JsonNode h : t.get("history")) {
                        completions += h.get("state").asText().equals("COMPLETED") ? 1 : 0;
                        lost |= h.get("cause").asText().contains("lost");
                    }
                    assertThat(completions).as("task " + t.get("id") + " history " + t.get("history")).isEqualTo(1);
                    if (lost) {
                        moved++;
                        assertThat(t.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
                    }
                }
                if (!page.hasNonNull("nextAfterId")) {
                    break;
                }
                afterId = page.get("nextAfterId").asLong();
            }
            assertThat(seen).isEqualTo(2000);
            assertThat(moved).as("tasks that were on the killed worker ran again elsewhere").isPositive();
            assertThat(c.activeEngines()).isEqualTo(2);
        }
    }
}
