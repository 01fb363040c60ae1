package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The workers' polls over real HTTP, answered by {@link PollFilter} outside Spring MVC: a parked poll is
 * answered when work arrives, and whatever the filter does not take gets the same answer as before.
 */
class PollFilterTest extends RunningController {

    private static String poll(int engineId, long waitMs) {
        return "{\"capacity\": [{\"engine\": " + engineId + ", \"slots\": 1}], \"waitMs\": " + waitMs + "}";
    }

    @Test
    void aParkedPollIsAnsweredWhenWorkArrivesAndItsReportFinishesTheJob() throws Exception {
        int engineId = registerWorker("parked", 1);
        CompletableFuture<Http.Answer> parked = CompletableFuture.supplyAsync(() -> http.post("/api/v1/workers/parked/poll", engine,
                poll(engineId, 10_000)));
        Thread.sleep(300);
        assertThat(parked).as("nothing to do yet: the poll waits").isNotDone();

        Http.Answer job = http.post("/api/v1/apply", client, "{\"targets\": \"" + engineId + "\", \"function\": \"echo\", \"args\": [7, null]}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Http.Answer assigned = parked.get(5, TimeUnit.SECONDS);
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.contentType()).startsWith("application/json");
        JsonNode task = assigned.json().get("tasks").get(0);
        assertThat(task.get("function").asString()).isEqualTo("echo");
        // What the assignment does not set is left out; the arguments keep their nulls.
        assertThat(task.has("expression")).isFalse();
        assertThat(task.has("code")).isFalse();
        assertThat(task.get("args")).hasSize(2);
        assertThat(task.get("args").get(1).isNull()).isTrue();

        Http.Answer reported = http.post("/api/v1/workers/parked/poll", engine, """
                {"reports": [{"taskId": %d, "attempt": %d, "engine": %d, "outcome": "COMPLETED", "result": 7}], "waitMs": 0}"""
                .formatted(task.get("taskId").asLong(), task.get("attempt").asInt(), engineId));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(reported.json().get("known").asBoolean()).isTrue();
        JsonNode done = http.get("/api/v1/jobs/" + job.json().get("id").asLong() + "?wait=5", client).json();
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("results").get(0).asInt()).isEqualTo(7);
    }

    @Test
    void aPollOfAWorkerTheControllerDoesNotKnowIsAnsweredUnknown() {
        Http.Answer a = http.post("/api/v1/workers/" + "stranger" + "/poll", engine, "{\"waitMs\": 0}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("known").asBoolean()).isFalse();
    }

    @Test
    void aPollTheFilterDoesNotTakeGetsTheAnswerOfEveryOtherEndpoint() {
        registerWorker("refused", 1);
        assertProblem(http.post("/api/v1/workers/refused/poll", engine, "{\"waitMs\": "), 400, "Unreadable body");
        Http.Answer field = http.post("/api/v1/workers/refused/poll", engine, "{\"capacity\": [{\"engine\": 0, \"slots\": -1}]}");
        assertProblem(field, 400, "Invalid field");
        assertThat(field.json().get("errors").get(0).get("field").asString()).isEqualTo("capacity[0].slots");
        Http.Answer outcome = http.post("/api/v1/workers/refused/poll", engine,
                "{\"reports\": [{\"taskId\": 1, \"attempt\": 1, \"engine\": 0, \"outcome\": \"DONE\"}]}");
        assertProblem(outcome, 400, "Unreadable body");
        assertThat(outcome.json().get("detail").asString()).contains("reports[0].outcome", "COMPLETED", "INPUT_MISSING");
        assertProblem(http.post("/api/v1/workers/" + "w".repeat(65) + "/poll", engine, "{\"waitMs\": 0}"), 400, "Invalid parameter");
        assertProblem(http.send("POST", "/api/v1/workers/refused/poll", engine, "text/plain", "{}"), 415, null);
        assertProblem(http.post("/api/v1/workers/refused/poll", client, "{\"waitMs\": 0}"), 403, "Wrong kind of key");
        assertProblem(http.post("/api/v1/workers/refused/poll", engine, "{\"stdout\": \"" + "x".repeat(70_000) + "\"}"), 413,
                "Body too large");
        assertThat(http.post("/api/v1/workers/refused/poll", engine, "{\"waitMs\": 0}").status()).isEqualTo(200);
    }

    @Test
    void aReportsTimesAreReadAsTheSameInstantsAndABadTimeIsRefused() throws Exception {
        int engineId = registerWorker("timed", 1);
        Http.Answer job = http.post("/api/v1/apply", client, "{\"targets\": \"" + engineId + "\", \"function\": \"echo\", \"args\": [1]}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        JsonNode task = http.post("/api/v1/workers/timed/poll", engine, poll(engineId, 5_000)).json().get("tasks").get(0);
        String report = """
                {"reports": [{"taskId": %d, "attempt": %d, "engine": %d, "outcome": "COMPLETED", "result": 1,
                  "startedAt": "%s", "completedAt": "2026-11-22T17:01:24.5Z"}], "waitMs": 0}""";
        Http.Answer refused = http.post("/api/v1/workers/timed/poll", engine,
                report.formatted(task.get("taskId").asLong(), task.get("attempt").asInt(), engineId, "yesterday"));
        assertProblem(refused, 400, null);
        assertThat(refused.body()).contains("startedAt");

        Http.Answer reported = http.post("/api/v1/workers/timed/poll", engine,
                report.formatted(task.get("taskId").asLong(), task.get("attempt").asInt(), engineId, "2026-11-22T18:01:23.123456789+01:00"));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        JsonNode info = http.get("/api/v1/tasks/" + task.get("taskId").asLong(), client).json();
        assertThat(java.time.Instant.parse(info.get("startedAt").asString())).isEqualTo(java.time.Instant.parse("2026-11-22T17:01:23.123456789Z"));
        assertThat(java.time.Instant.parse(info.get("completedAt").asString())).isEqualTo(java.time.Instant.parse("2026-11-22T17:01:24.5Z"));
    }

    @Test
    void pollsCountInTheRequestMetricsUnderTheirPattern() throws Exception {
        registerWorker("counted", 1);
        double before = requestCount("/api/v1/workers/{workerId}/poll");
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/api/v1/workers/counted/poll", engine, "{\"waitMs\": 0}").status()).isEqualTo(200);
        }
        assertThat(requestCountReaching("/api/v1/workers/{workerId}/poll", before + 3)).isEqualTo(before + 3);
    }
}
