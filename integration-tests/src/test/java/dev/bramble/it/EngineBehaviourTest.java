package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What engines do with a task, in a real worker process: timeouts, cancel, retries, captured output, errors. */
@Timeout(120)
class EngineBehaviourTest {

    @TempDir
    static Path home;
    static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = new Cluster(home).startController("memory", 0);
        cluster.startWorker("worker", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static long taskOf(JsonNode job) {
        return job.get("firstTaskId").asLong();
    }

    @Test
    void aTaskPastItsTimeoutIsInterruptedAndItsEngineIsFreeAgain() {
        long t0 = System.nanoTime();
        JsonNode job = cluster.post("/api/v1/apply?wait=20",
                "{\"targets\": \"0\", \"function\": \"sleep\", \"args\": [30], \"options\": {\"timeoutSeconds\": 0.5}}");
        assertThat(job.get("state").asText()).isEqualTo("FAILED");
        assertThat(job.get("errors").get(0).get("type").asText()).isEqualTo("TimeoutError");
        JsonNode next = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"echo\", \"args\": [\"free\"]}");
        assertThat(next.get("results").get(0).asText()).isEqualTo("free");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void cancellingARunningTaskInterruptsItOnItsEngine() {
        JsonNode job = cluster.post("/api/v1/apply", "{\"targets\": \"1\", \"function\": \"sleep\", \"args\": [30]}");
        long task = taskOf(job);
        cluster.await(Duration.ofSeconds(10), "the task to run", () -> cluster.get("/api/v1/tasks/" + task).get("state").asText()
                .equals("RUNNING"), null, null);
        JsonNode cancelled = cluster.send("/api/v1/tasks/" + task + "/cancel");
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        long t0 = System.nanoTime();
        JsonNode next = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"1\", \"function\": \"echo\", \"args\": [\"after\"]}");
        assertThat(next.get("results").get(0).asText()).isEqualTo("after");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(cluster.awaitJob(job.get("id").asLong(), Duration.ofSeconds(5)).get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void aFailingTaskIsRetriedAndCarriesTheRemoteError() {
        JsonNode job = cluster.post("/api/v1/apply?wait=20", "{\"function\": \"fail\", \"args\": [\"no luck\"], \"options\": {\"retries\": 2}}");
        assertThat(job.get("state").asText()).isEqualTo("FAILED");
        JsonNode task = cluster.get("/api/v1/tasks/" + taskOf(job));
        assertThat(task.get("attempts").asInt()).isEqualTo(3);
        assertThat(task.get("error").get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(task.get("error").get("message").asText()).isEqualTo("no luck");
        assertThat(task.get("error").get("stackTrace").get(0).asText()).contains("StandardLibrary");
    }

    @Test
    void whatATaskPrintsIsKeptWithTheTask() {
        JsonNode job = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"print\", \"args\": [\"hello\", 42]}");
        JsonNode task = cluster.get("/api/v1/tasks/" + taskOf(job));
        assertThat(task.get("stdout").asText()).isEqualTo("hello 42\n");
        assertThat(task.get("startedAt").asText()).isNotBlank();
        assertThat(task.get("history").findValuesAsText("state")).containsExactly("QUEUED", "RUNNING", "COMPLETED");
    }

    @Test
    void namespacesBelongToTheirEngine() {
        cluster.post("/api/v1/push?wait=20", "{\"targets\": \"0\", \"values\": {\"x\": 10}}");
        cluster.post("/api/v1/push?wait=20", "{\"targets\": \"1\", \"values\": {\"x\": 20}}");
        JsonNode sums = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"all\", \"expression\": \"x + #engine\"}");
        assertThat(sums.get("results").toString()).isEqualTo("[10,21]");
        JsonNode missing = cluster.post("/api/v1/pull?wait=20", "{\"targets\": \"0\", \"names\": [\"nothing\"]}");
        assertThat(missing.get("errors").get(0).get("type").asText()).isEqualTo("NameError");
        JsonNode unknown = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"expression\": \"nothing * 2\"}");
        assertThat(unknown.get("errors").get(0).get("type").asText()).isEqualTo("NameError");
        assertThat(unknown.get("errors").get(0).get("message").asText()).isEqualTo("name 'nothing' is not defined on engine 0");
    }

    @Test
    void namesCanBeDeletedOrClearedOnAnEngine() {
        cluster.post("/api/v1/push?wait=20", "{\"targets\": \"all\", \"values\": {\"z\": 1, \"w\": 2}}");
        JsonNode deleted = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"del\", \"args\": [\"z\", \"nothing\"]}");
        assertThat(deleted.get("results").toString()).isEqualTo("[[\"z\"]]");
        JsonNode gone = cluster.post("/api/v1/pull?wait=20", "{\"targets\": \"all\", \"names\": [\"z\"]}");
        assertThat(gone.get("errors")).hasSize(1);
        assertThat(gone.get("errors").get(0).get("engine").asInt()).isZero();
        assertThat(gone.get("errors").get(0).get("type").asText()).isEqualTo("NameError");
        JsonNode notAName = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"del\", \"args\": [3]}");
        assertThat(notAName.get("errors").get(0).get("message").asText()).isEqualTo("del takes names (strings), not 3");

        JsonNode cleared = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"1\", \"function\": \"clear\"}");
        assertThat(cleared.get("results").get(0).asInt()).isGreaterThanOrEqualTo(2);
        assertThat(cluster.post("/api/v1/pull?wait=20", "{\"targets\": \"1\", \"names\": [\"w\"]}").get("state").asText()).isEqualTo("FAILED");
        assertThat(cluster.post("/api/v1/pull?wait=20", "{\"targets\": \"0\", \"names\": [\"w\"]}").get("results").toString()).isEqualTo("[2]");
    }

    @Test
    void finishedWorkCanBeResubmittedListedAndPurged() {
        JsonNode job = cluster.post("/api/v1/apply?wait=20", "{\"targets\": \"0\", \"function\": \"echo\", \"args\": [\"once\"]}");
        long jobId = job.get("id").asLong();
        long taskId = taskOf(job);
        JsonNode again = cluster.send("/api/v1/tasks/" + taskId + "/resubmit");
        assertThat(again.get("state").asText()).isIn("QUEUED", "RUNNING", "COMPLETED");
        JsonNode rerun = cluster.awaitJob(jobId, Duration.ofSeconds(20));
        assertThat(rerun.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(cluster.get("/api/v1/tasks/" + taskId).get("attempts").asInt()).isEqualTo(2);
        assertThat(cluster.get("/api/v1/jobs?limit=50").findValuesAsText("id")).contains(String.valueOf(jobId));

        JsonNode running = cluster.post("/api/v1/apply", "{\"targets\": \"1\", \"function\": \"sleep\", \"args\": [20]}");
        assertThat(cluster.delete("/api/v1/jobs/" + running.get("id").asLong(), 409).get("detail").asText()).contains("still running");
        cluster.send("/api/v1/jobs/" + running.get("id").asLong() + "/cancel");

        assertThat(cluster.delete("/api/v1/jobs/" + jobId, 200).get("purged").asInt()).isEqualTo(1);
        assertThat(cluster.delete("/api/v1/jobs/" + jobId, 404).get("status").asInt()).isEqualTo(404);
        assertThat(cluster.delete("/api/v1/tasks", 200).get("purged").asInt()).isPositive();
        assertThat(cluster.get("/api/v1/tasks?state=COMPLETED").get("tasks")).isEmpty();
    }
}
