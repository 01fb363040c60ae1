package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose link to the controller loses answers after the controller sent them (a flaky Wi-Fi link
 * to a Pi): the controller sends what went unacknowledged again, and every task runs, in its first attempt.
 */
@Timeout(120)
class LostAnswerTest {

    @TempDir
    Path home;

    @Test
    void tasksInAnAnswerThatNeverReachedTheWorkerStillRunOnce() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0); LossyProxy proxy = new LossyProxy(c.port, 2)) {
            Path engineFile = home.resolve("profile_default/security/controller-engine.json");
            ObjectNode viaProxy = (ObjectNode) Cluster.JSON.readTree(engineFile.toFile());
            viaProxy.put("url", proxy.url());
            Path file = home.resolve("engine-via-proxy.json");
            Files.writeString(file, viaProxy.toString());
            c.startWorker("worker", 1, "--bramble.worker.file=" + file);

            JsonNode applied = c.post("/api/v1/apply?wait=30", "{\"targets\": \"0\", \"expression\": \"6 * 7\"}");
            JsonNode done = c.awaitJob(applied.get("id").asLong(), Duration.ofSeconds(30));
            assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(done.get("results")).containsExactly(Cluster.JSON.valueToTree(42));

            JsonNode mapped = c.post("/api/v1/map?wait=30", "{\"function\": \"inc\", \"sequences\": [\"range(20)\"]}");
            JsonNode finished = c.awaitJob(mapped.get("id").asLong(), Duration.ofSeconds(30));
            assertThat(finished.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(finished.get("results")).isEqualTo(Cluster.JSON.valueToTree(IntStream.rangeClosed(1, 20).boxed().toList()));

            assertThat(proxy.lost()).as("answers the link lost").isEqualTo(2);
            assertThat(c.metric("bramble_answers_resent_total")).isGreaterThanOrEqualTo(2);
            long firstTask = applied.get("firstTaskId").asLong();
            assertThat(c.get("/api/v1/tasks/" + firstTask).get("attempts").asInt()).as("sent again, not run again").isEqualTo(1);
        }
    }
}
