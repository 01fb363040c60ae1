package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose engines all run long tasks asks for no work, so it does not poll; a cancel for one of
 * its tasks reaches it through its heartbeat's answer, which tells it to poll.
 */
@Timeout(120)
class BusyWorkerCancelTest {

    @TempDir
    Path home;

    @Test
    void aCancelStopsALongTaskOnAWorkerWithNoRoom() throws Exception {
        try (Cluster c = new Cluster(home).startController("memory", 0)) {
            c.startWorker("worker", 1);
            // A task of a second makes the engine ask for one task at a time: with one running it has no room.
            c.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"sleep\", \"args\": [1]}");
            long task = c.post("/api/v1/apply", "{\"targets\": \"0\", \"function\": \"sleep\", \"args\": [30]}").get("firstTaskId").asLong();
            c.await(Duration.ofSeconds(10), "the task to run", () -> c.get("/api/v1/tasks/" + task).get("state").asText().equals("RUNNING"),
                    null, null);

            long t0 = System.nanoTime();
            assertThat(c.send("/api/v1/tasks/" + task + "/cancel").get("state").asText()).isEqualTo("CANCELLED");
            JsonNode next = c.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"echo\", \"args\": [\"after\"]}");

            assertThat(next.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(next.get("results").get(0).asText()).isEqualTo("after");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
