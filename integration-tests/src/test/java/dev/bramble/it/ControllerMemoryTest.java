package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bramble.client.AsyncResult;
import dev.bramble.client.Client;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's memory bounds against a real controller and worker of 256 MB heaps each: large JSON requests
 * at once are read in turn or refused with 503, never the end of the controller (twelve 15 MB requests at once
 * took a 384 MB controller down before they were); a string argument the controller accepted reaches the engine
 * however long it is; and the SDK's submit that the controller is too busy for waits until there is room.
 */
@Timeout(240)
class ControllerMemoryTest {

    @TempDir
    Path home;

    private static String lengthOf(int engine, int characters) {
        return "{\"targets\": \"" + engine + "\", \"function\": \"len\", \"args\": [\"" + "a".repeat(characters) + "\"]}";
    }

    @Test
    void largeRequestsAtOnceAreTakenInTurnOrRefusedAndTheControllerStaysUp() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0)) {
            c.startWorker("worker", 2);
            int n = 10;
            ExecutorService clients = Executors.newFixedThreadPool(n);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    String body = lengthOf(i % 2, 15_000_000);
                    answers.add(clients.submit(() -> c.request("POST", "/api/v1/apply?wait=60", body)));
                }
                int completed = 0;
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).as(r.body()).isIn(201, 503);
                    if (r.statusCode() == 201) {
                        JsonNode job = Cluster.JSON.readTree(r.body());
                        assertThat(job.get("state").asText()).as(r.body()).isEqualTo("COMPLETED");
                        assertThat(job.get("results").get(0).asLong()).isEqualTo(15_000_000L);
                        completed++;
                    } else {
                        assertThat(r.body()).contains("\"title\":\"Busy\"");
                    }
                }
                assertThat(completed).isPositive();
            } finally {
                clients.shutdownNow();
            }
            assertThat(c.controller.isAlive()).as("the controller survived").isTrue();
            JsonNode after = c.post("/api/v1/apply?wait=30", "{\"targets\": \"all\", \"function\": \"echo\", \"args\": [\"after\"]}");
            assertThat(after.get("results").toString()).isEqualTo("[\"after\",\"after\"]");
        }
    }

    @Test
    void aWorkerOfSmallHeapIsHandedLargeTasksAsItsHeapHasRoom() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0, "--bramble.scheduler.task-memory=200MB")) {
            // Eight engines in 64 MB: eight queued 7.5 MB arguments in one answer took the worker down.
            Process worker = c.startWorker("worker", 8, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"));
            c.post("/api/v1/apply", "{\"targets\": \"all\", \"function\": \"sleep\", \"args\": [2]}");
            List<Long> jobs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = c.request("POST", "/api/v1/apply", lengthOf(i, 7_500_000));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                jobs.add(Cluster.JSON.readTree(r.body()).get("id").asLong());
            }
            for (long id : jobs) {
                JsonNode job = c.get("/api/v1/jobs/" + id + "?wait=60");
                assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
                assertThat(job.get("results").get(0).asLong()).isEqualTo(7_500_000L);
            }
            assertThat(worker.isAlive()).as("the worker survived").isTrue();
        }
    }

    @Test
    void anSdkSubmitThatTheControllerIsTooBusyForWaitsForRoom() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0, "--bramble.scheduler.task-memory=256KB");
                Client client = Client.connect(home.resolve("profile_default/security/controller-client.json"))) {
            c.startWorker("worker", 2);
            AsyncResult<List<Object>> sleeping = client.all().applyAsync("sleep", 2);
            long t0 = System.nanoTime();
            // 20,000 tasks' arguments are more than 256 KB: refused while the sleeps are unfinished, taken after.
            AsyncResult<List<Integer>> first = client.loadBalanced().mapAsync("double", Client.range(20_000));
            double waited = (System.nanoTime() - t0) / 1e9;
            AsyncResult<List<Integer>> second = client.loadBalanced().mapAsync("inc", Client.range(20_000));
            assertThat(waited).as("the first map was taken once the sleeps had finished").isGreaterThan(1.0);
            assertThat(sleeping.get(Duration.ofSeconds(30))).hasSize(2);
            assertThat(first.get(Duration.ofSeconds(60))).hasSize(20_000).endsWith(39_998);
            assertThat(second.get(Duration.ofSeconds(60))).hasSize(20_000).endsWith(20_000);
        }
    }

    @Test
    void reportsThatPiledUpWhileTheControllerWasAwayArriveInBatchesItAccepts() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0);
                Client client = Client.connect(home.resolve("profile_default/security/controller-client.json"))) {
            c.startWorker("worker", 2);
            AsyncResult<List<Integer>> loud = client.loadBalanced().mapAsync(i -> {
                Thread.sleep(1_500);
                System.out.print("x".repeat(1 << 20));
                System.err.print("x".repeat(1 << 20));
                return i;
            }, Client.range(6));
            c.await(Duration.ofSeconds(30), "tasks to run", () -> c.get("/api/v1/jobs/" + loud.jobId() + "?results=false")
                    .get("progress").get("running").asInt() >= 2, null, null);
            Cluster.kill9(c.controller);
            Thread.sleep(3_000);
            // Two reports of 2 MB each wait in the worker: in one poll, more than a 3 MB message limit allows.
            c.startController("file", c.port, "--bramble.limits.max-message-size=3MB");
            assertThat(loud.get(Duration.ofSeconds(90))).containsExactly(0, 1, 2, 3, 4, 5);
            for (JsonNode t : c.get("/api/v1/tasks?job=" + loud.jobId()).get("tasks")) {
                assertThat(t.get("stdout").asText()).startsWith("x".repeat(1 << 20)).endsWith("[output cut at 1048576 bytes]");
            }
        }
    }

    @Test
    void aStringLongerThanJacksonsDefaultLimitReachesTheEngine() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0, "--bramble.limits.max-message-size=40MB")) {
            c.startWorker("worker", 1);
            HttpResponse<String> r = c.request("POST", "/api/v1/apply?wait=60", lengthOf(0, 25_000_000));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode job = Cluster.JSON.readTree(r.body());
            assertThat(job.get("state").asText()).as(r.body()).isEqualTo("COMPLETED");
            assertThat(job.get("results").get(0).asLong()).isEqualTo(25_000_000L);
        }
    }

    private static String tinyTasks(int n) {
        StringBuilder body = new StringBuilder("{\"tasks\": [");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"function\": \"inc\", \"args\": [").append(i).append("]}");
        }
        return body.append("]}").toString();
    }

    /**
     * With no engine to take them, jobs of many small tasks queue up: each task takes about 450 bytes of the
     * controller's memory whatever its arguments, which the task memory counts (before, 57 jobs of 10,000 tasks took
     * a 256 MB controller down, each request 0.4 MB). Cancelled ones leave the queues, which no engine empties here.
     */
    @Test
    void manySmallTasksQueuedOrCancelledWithNoEngineToTakeThemAreBounded() throws Exception {
        try (Cluster c = new Cluster(home).startController("file", 0)) {
            String job = tinyTasks(10_000);
            List<Long> accepted = new ArrayList<>();
            HttpResponse<String> refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                HttpResponse<String> r = c.request("POST", "/api/v1/jobs", job);
                assertThat(r.statusCode()).as(r.body()).isIn(201, 503);
                if (r.statusCode() == 201) {
                    accepted.add(Cluster.JSON.readTree(r.body()).get("id").asLong());
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("refused before the heap is full").isNotNull();
            assertThat(refused.body()).contains("\"title\":\"Busy\"").contains("bramble.scheduler.task-memory");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(accepted).hasSizeGreaterThan(1);
            for (long id : accepted) {
                assertThat(c.get("/api/v1/jobs/" + id + "?results=false").get("progress").get("queued").asInt()).isEqualTo(10_000);
            }
            // 60 jobs submitted, cancelled and forgotten in turn: about 270 MB of tasks if the queues kept them.
            for (long id : accepted) {
                c.send("/api/v1/jobs/" + id + "/cancel");
                c.delete("/api/v1/jobs/" + id, 200);
            }
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> r = c.request("POST", "/api/v1/jobs", job);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                long id = Cluster.JSON.readTree(r.body()).get("id").asLong();
                c.send("/api/v1/jobs/" + id + "/cancel");
                c.delete("/api/v1/jobs/" + id, 200);
            }
            assertThat(c.controller.isAlive()).as("the controller survived").isTrue();
        }
    }
}
