package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * The calls on views over real HTTP, answered by {@link ViewsFilter} outside Spring MVC: a waiting apply
 * gets its finished job in one round trip, and whatever the filter does not take gets the answer
 * {@link ViewsController} gives.
 */
class ViewsFilterTest extends RunningController {

    @Autowired
    ViewsFilter filter;

    @Test
    void aWaitingApplyIsAnsweredWithTheFinishedJobAndItsLocation() throws Exception {
        int engineId = registerWorker("waited", 1);
        CompletableFuture<Http.Answer> applied = CompletableFuture.supplyAsync(() -> http.post("/api/v1/apply?wait=10", client,
                "{\"targets\": \"" + engineId + "\", \"function\": \"echo\", \"args\": [7]}"));
        JsonNode task = assignedEcho7(engineId);
        Thread.sleep(200);
        assertThat(applied).as("the apply waits for its result").isNotDone();
        http.post("/api/v1/workers/waited/poll", engine, """
                {"reports": [{"taskId": %d, "attempt": %d, "engine": %d, "outcome": "COMPLETED", "result": 7}], "waitMs": 0}"""
                .formatted(task.get("taskId").asLong(), task.get("attempt").asInt(), engineId));

        Http.Answer a = applied.get(5, TimeUnit.SECONDS);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode job = a.json();
        assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("results").get(0).asInt()).isEqualTo(7);
        assertThat(a.location()).isEqualTo("/api/v1/jobs/" + job.get("id").asLong());
        assertThat(http.get(a.location(), client).json().get("results").get(0).asInt()).isEqualTo(7);
    }

    @Test
    void anApplyWithoutWaitIsAnsweredOnceStored() {
        int engineId = registerWorker("stored", 1);
        Http.Answer a = http.post("/api/v1/apply", client, "{\"targets\": \"" + engineId + "\", \"expression\": \"42\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("state").asString()).isIn("QUEUED", "RUNNING");
        assertThat(a.location()).isEqualTo("/api/v1/jobs/" + a.json().get("id").asLong());
    }

    @Test
    void whatTheFilterDoesNotTakeGetsTheAnswerOfTheController() {
        registerWorker("refused", 2);
        assertProblem(http.post("/api/v1/apply", client, "{\"function\": "), 400, "Unreadable body");
        Http.Answer chunk = http.post("/api/v1/map", client, "{\"function\": \"echo\", \"sequences\": [[1, 2]], \"chunkSize\": 0}");
        assertProblem(chunk, 400, "Invalid field");
        assertThat(chunk.json().get("errors").get(0).get("field").asString()).isEqualTo("chunkSize");
        for (String wait : new String[] {"-1", "301", "soon", "NaN"}) {
            Http.Answer a = http.post("/api/v1/apply?wait=" + wait, client, "{\"function\": \"echo\"}");
            assertProblem(a, 400, null);
            assertThat(a.body()).as(wait).contains("wait");
        }
        // Refused by the planner: the same problem, naming the field.
        Http.Answer view = http.post("/api/v1/apply", client, "{\"targets\": \"0:x\", \"function\": \"echo\"}");
        assertProblem(view, 400, "Bad request");
        assertThat(view.body()).contains("targets");
        assertProblem(http.post("/api/v1/push", client, "{\"values\": {\"a\": 1}}"), 400, null);
        assertProblem(http.send("POST", "/api/v1/apply", client, "text/plain", "{}"), 415, null);
        assertProblem(http.post("/api/v1/apply", engine, "{\"function\": \"echo\"}"), 403, "Wrong kind of key");
        assertProblem(http.post("/api/v1/apply", client, "{\"args\": [\"" + "x".repeat(70_000) + "\"], \"function\": \"echo\"}"), 413,
                "Body too large");
        assertThat(http.post("/api/v1/apply?wait=0", client, "{\"function\": \"echo\"}").status()).isEqualTo(201);
    }

    @Test
    void aValidCallIsAnsweredByTheFilterAndAnInvalidOneGoesOnWithItsBody() throws Exception {
        registerWorker("direct", 1);
        assertAnsweredHereAndPassedOn("/api/v1/apply", "{\"function\": \"echo\"}", "{\"function\": ");
    }

    @Test
    void aJobOfTasksIsAnsweredByTheFilterToo() throws Exception {
        int engineId = registerWorker("tasks", 1);
        assertAnsweredHereAndPassedOn("/api/v1/jobs", "{\"tasks\": [{\"function\": \"echo\", \"engine\": " + engineId + "}]}",
                "{\"tasks\": [{\"kind\": \"WHATEVER\"}]}");
        Http.Answer waited = http.post("/api/v1/jobs?wait=0", client, "{\"tasks\": [{\"function\": \"echo\", \"engine\": " + engineId + "}]}");
        assertThat(waited.status()).as(waited.body()).isEqualTo(201);
        assertThat(waited.location()).isEqualTo("/api/v1/jobs/" + waited.json().get("id").asLong());
        assertProblem(http.post("/api/v1/jobs", engine, "{\"tasks\": [{\"function\": \"echo\"}]}"), 403, "Wrong kind of key");
    }

    @Test
    void callsOnViewsCountInTheRequestMetricsUnderTheirPathRefusedOrNot() throws Exception {
        registerWorker("counted", 1);
        double before = requestCount("/api/v1/apply");
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/api/v1/apply", client, "{\"function\": \"noop\"}").status()).isEqualTo(201);
        }
        // Refused by the planner, answered by the filter: counted under the same path.
        assertThat(http.post("/api/v1/apply", client, "{\"targets\": \"7\", \"function\": \"noop\"}").status()).isEqualTo(400);
        assertThat(requestCountReaching("/api/v1/apply", before + 4)).isEqualTo(before + 4);
    }

    /**
     * The apply's task, from the worker's polls. The other tests of this class leave load-balanced tasks
     * queued, and a poll of this worker's engine may be given those too.
     */
    private JsonNode assignedEcho7(int engineId) {
        List<JsonNode> assigned = assignedTasks("waited", engineId, t -> t.path("function").asString("").equals("echo")
                && t.path("args").size() == 1 && t.path("args").get(0).asInt() == 7, 1);
        if (assigned.isEmpty()) {
            throw new AssertionError("the apply's task was not assigned to engine " + engineId);
        }
        return assigned.get(0);
    }

    /**
     * The filter answers the valid body itself (201 with the job's location, the chain not called) and passes
     * the invalid one on to the chain with its body as it came.
     */
    private void assertAnsweredHereAndPassedOn(String path, String valid, String invalid) throws Exception {
        AtomicReference<String> passedOn = new AtomicReference<>();
        MockHttpServletResponse answered = new MockHttpServletResponse();
        filter.doFilter(post(path, valid), answered, (req, res) -> passedOn.set("valid"));
        assertThat(passedOn.get()).as("the valid body went on to the chain").isNull();
        filter.doFilter(post(path, invalid), new MockHttpServletResponse(),
                (req, res) -> passedOn.set(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));

        assertThat(passedOn.get()).isEqualTo(invalid);
        // The answer is written when the job is stored, on another thread.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (answered.getStatus() != 201 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(answered.getStatus()).isEqualTo(201);
        assertThat(answered.getHeader("Location")).startsWith("/api/v1/jobs/");
    }

    private static MockHttpServletRequest post(String path, String body) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", path);
        r.setContentType("application/json");
        r.setContent(body.getBytes(StandardCharsets.UTF_8));
        r.setAsyncSupported(true);
        return r;
    }
}
