package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.security.ConnectionFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The controller over real HTTP on a random port: keys and what each may do, and bad input of every
 * kind answered with a problem that names the field, while the controller keeps serving.
 */
class ControllerHttpTest extends RunningController {

    @Test
    void connectionFilesCarryUrlAndKeyAndOnlyTheOwnerReadsThem() throws Exception {
        for (String name : new String[] {ConnectionFiles.CLIENT_FILE, ConnectionFiles.ENGINE_FILE}) {
            Path file = home.resolve("profile_default/security").resolve(name);
            JsonNode n = Http.JSON.readTree(Files.readString(file));
            assertThat(n.get("url").asString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(n.get("key").asString()).hasSizeGreaterThan(40);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(client).isNotEqualTo(engine);
    }

    @Test
    void everyRequestButHealthNeedsTheRightKey() {
        assertThat(http.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);

        Http.Answer none = http.get("/api/v1/engines", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().get("title").asString()).isEqualTo("Missing key");
        assertThat(http.get("/api/v1/engines", "not-the-key").status()).isEqualTo(401);
        assertThat(http.get("/actuator/prometheus", null).status()).isEqualTo(401);

        Http.Answer engineSubmits = http.post("/api/v1/apply", engine, "{\"expression\": \"1\"}");
        assertThat(engineSubmits.status()).isEqualTo(403);
        assertThat(engineSubmits.json().get("detail").asString()).contains("engine key may not submit work");
        assertThat(http.get("/api/v1/jobs/1", engine).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/tasks", engine).status()).isEqualTo(403);

        Http.Answer clientRegisters = http.post("/api/v1/workers", client,
                "{\"workerId\": \"x\", \"host\": \"h\", \"engines\": 1, \"protocolVersion\": " + Protocol.VERSION + "}");
        assertThat(clientRegisters.status()).isEqualTo(403);
        assertThat(clientRegisters.json().get("detail").asString()).contains("Only the engine key");

        assertThat(http.get("/api/v1/info", client).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/info", engine).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/engines", client).status()).isEqualTo(200);
        assertThat(http.get("/actuator/prometheus", client).body()).contains("bramble_tasks").contains("bramble_queue_length");
    }

    @Test
    void bundlesAreStoredByTheirHashAndRequiredByTasksThatNameThem() {
        byte[] jar = "not really a jar, the controller never looks".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String hash = Bundles.sha256(jar);
        assertProblem(http.sendBytes("PUT", "/api/v1/bundles/" + "0".repeat(64), client, jar), 400, "hash", "SHA-256 is " + hash);
        assertProblem(http.sendBytes("PUT", "/api/v1/bundles/not-a-hash", client, jar), 400, "hash", null);
        assertThat(http.sendBytes("PUT", "/api/v1/bundles/" + hash, engine, jar).status()).isEqualTo(403);
        Http.Answer put = http.sendBytes("PUT", "/api/v1/bundles/" + hash, client, jar);
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.json().get("size").asInt()).isEqualTo(jar.length);
        Http.Answer got = http.get("/api/v1/bundles/" + hash, engine);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(new String(jar, java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(http.get("/api/v1/bundles/" + "1".repeat(64), engine), 404, null, "does not exist");

        String lambda = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2});
        assertProblem(http.post("/api/v1/apply", client, "{\"code\": {\"bundle\": \"" + "2".repeat(64) + "\", \"lambda\": \"" + lambda + "\"}}"),
                400, "tasks[0].code.bundle", "is not stored");
        assertProblem(http.post("/api/v1/apply", client, "{\"function\": \"echo\", \"code\": {\"bundle\": \"" + hash
                + "\", \"lambda\": \"" + lambda + "\"}}"), 400, null, "exactly one of");
    }

    @Test
    void blobsTakeBinaryBodiesFromClientsAndEngines() {
        byte[] data = new byte[30_000];
        new java.util.Random(1).nextBytes(data);
        String hash = Bundles.sha256(data);
        assertProblem(http.sendBytes("PUT", "/api/v1/blobs/" + "a".repeat(64), client, data), 400, "hash", "SHA-256 is " + hash);
        assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + hash, engine, data).status()).isEqualTo(201);
        assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + hash, client, data).status()).isEqualTo(201);
        Http.Answer got = http.get("/api/v1/blobs/" + hash, client);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.contentType()).startsWith("application/octet-stream");
        assertThat(http.get("/api/v1/blobs/" + hash, null).status()).isEqualTo(401);
        assertProblem(http.get("/api/v1/blobs/" + "b".repeat(64), engine), 404, null, "does not exist");
    }

    @Test
    void aReadOfABlobAnEngineAnnouncedWaitsForItsUpload() throws Exception {
        int engineId = registerWorker("announcer", 1);
        byte[] data = new byte[30_000];
        new java.util.Random(2).nextBytes(data);
        String hash = Bundles.sha256(data);
        Http.Answer job = http.post("/api/v1/apply", client, "{\"targets\": \"" + engineId + "\", \"function\": \"echo\", \"args\": [1]}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        JsonNode assigned = http.post("/api/v1/workers/announcer/poll", engine, "{\"capacity\": [{\"engine\": " + engineId
                + ", \"slots\": 1}]}").json();
        long taskId = assigned.get("tasks").get(0).get("taskId").asLong();
        assertProblem(http.post("/api/v1/workers/announcer/poll", engine, report(taskId, engineId, hash, "\"not-a-hash\"")), 400,
                "reports[0].uploading[0]", null);
        assertThat(http.post("/api/v1/workers/announcer/poll", engine, report(taskId, engineId, hash, "\"" + hash + "\"")).status())
                .isEqualTo(200);
        http.send("DELETE", "/api/v1/workers/announcer", engine, null, null);

        var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.get("/api/v1/blobs/" + hash, client));
        Thread.sleep(300);
        assertThat(read).as("the read waits while the blob is on its way").isNotDone();
        assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + hash, engine, data).status()).isEqualTo(201);
        Http.Answer got = read.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().length()).isPositive();
        assertThat(http.get("/api/v1/jobs/" + job.json().get("id").asLong(), client).json().get("results").get(0).get("$blob").asString())
                .isEqualTo(hash);
        assertProblem(http.get("/api/v1/blobs/" + "c".repeat(64), client), 404, null, "does not exist");
    }

    private static String report(long taskId, int engineId, String hash, String uploading) {
        return """
                {"reports": [{"taskId": %d, "attempt": 1, "engine": %d, "outcome": "COMPLETED",
                  "result": {"$blob": "%s", "$type": "byte[]"}, "uploading": [%s]}]}""".formatted(taskId, engineId, hash, uploading);
    }

    @Test
    void aMapGivesEachTaskItsItemsOfEverySequenceNullsIncluded() {
        int engineId = registerWorker("mapped", 1);
        assertThat(mapArgs(engineId, "[[1, null, 3], [\"a\", \"b\", null]]", 1)).containsExactly("[[1],[\"a\"]]", "[[null],[\"b\"]]",
                "[[3],[null]]");
        assertThat(mapArgs(engineId, "[[1, null, 3]]", 1)).containsExactly("[[1]]", "[[null]]", "[[3]]");
        assertThat(mapArgs(engineId, "[[1, null, 3]]", 2)).containsExactly("[[1,null]]", "[[3]]");
        assertThat(mapArgs(engineId, "[[null, 2], [3, 4]]", 5)).containsExactly("[[null,2],[3,4]]");
    }

    /** The arguments of a load-balanced map's tasks, as the worker's engine is given them, in task order. */
    private List<String> mapArgs(int engineId, String sequences, int chunkSize) {
        Http.Answer job = http.post("/api/v1/map", client, "{\"function\": \"echo\", \"sequences\": " + sequences + ", \"chunkSize\": "
                + chunkSize + "}");
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        long first = job.json().get("firstTaskId").asLong();
        int count = job.json().get("taskCount").asInt();
        return assignedTasks("mapped", engineId, t -> t.get("taskId").asLong() >= first && t.get("taskId").asLong() < first + count, count)
                .stream().map(t -> t.get("args").toString()).toList();
    }

    @Test
    void swaggerUiLoadsWithoutAKeyAndOffersBothKeys() {
        Http.Answer page = http.get("/swagger-ui/index.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        assertThat(http.get("/swagger-ui.html", null).status()).isIn(200, 302);
        Http.Answer config = http.get("/v3/api-docs/swagger-config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
        JsonNode docs = http.get("/v3/api-docs", null).json();
        assertThat(docs.get("components").get("securitySchemes").get("clientKey").get("scheme").asString()).isEqualTo("bearer");
        JsonNode examples = docs.get("paths").get("/api/v1/apply").get("post").get("requestBody").get("content").get("application/json")
                .get("examples");
        assertThat(examples.get("hello").get("value").get("function").asString()).isEqualTo("echo");
    }

    @Test
    void badInputIsAProblemThatNamesTheFieldAndTheControllerKeepsServing() {
        registerWorker("bad-input", 2);
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": "), 400, null, "Unexpected end-of-input");
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"1\", \"args\": \"notalist\"}"), 400, "args", null);
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"1\", \"options\": {\"retries\": \"many\"}}"), 400,
                "options.retries", null);
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"1\", \"options\": {\"retries\": -1}}"), 400,
                "options.retries", "greater than or equal to 0");
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"1\", \"options\": {\"timeoutSeconds\": -5}}"), 400,
                "options.timeoutSeconds", null);
        assertProblem(http.post("/api/v1/apply", client, "{\"targets\": \"9\", \"expression\": \"1\"}"), 400, "targets",
                "engine 9 is not registered");
        assertProblem(http.post("/api/v1/apply", client, "{\"targets\": \"7:\", \"expression\": \"1\"}"), 400, "targets", "selects no engine");
        assertProblem(http.post("/api/v1/apply", client, "{\"targets\": \"a:b\", \"expression\": \"1\"}"), 400, "targets", "is not a view");
        assertProblem(http.post("/api/v1/apply", client, "{\"function\": \"nope\"}"), 400, "tasks[0].function",
                "no worker offers the function 'nope'");
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"1 +\"}"), 400, "expression", "not a valid expression");
        assertProblem(http.post("/api/v1/apply", client, "{}"), 400, "function", "exactly one of");
        assertProblem(http.post("/api/v1/map", client, "{\"expression\": \"x -> x\", \"sequences\": [\"range(99999999999)\"]}"), 400,
                "sequences[0]", "at most");
        assertProblem(http.post("/api/v1/map", client, "{\"expression\": \"x -> x\", \"sequences\": [[1, 2], [3]]}"), 400,
                "sequences[1]", "same length");
        assertProblem(http.post("/api/v1/map", client, "{\"expression\": \"x -> x\", \"sequences\": [[1]], \"chunkSize\": 0}"), 400,
                "chunkSize", null);
        assertProblem(http.post("/api/v1/push", client, "{\"targets\": \"all\", \"values\": {\"not a name\": 1}}"), 400, "values", null);
        assertProblem(http.post("/api/v1/jobs", client, "{\"tasks\": []}"), 400, "tasks", null);
        assertProblem(http.post("/api/v1/jobs", client, "{\"tasks\": [{\"kind\": \"WHATEVER\"}]}"), 400, "tasks[0].kind", null);
        assertProblem(http.post("/api/v1/jobs", client, "{\"tasks\": [{\"function\": \"echo\", \"engine\": -1}]}"), 400, "tasks[0].engine", null);
        assertProblem(http.post("/api/v1/apply?wait=-1", client, "{\"expression\": \"1\"}"), 400, "wait", null);
        assertProblem(http.get("/api/v1/jobs?limit=0", client), 400, "limit", null);
        assertProblem(http.get("/api/v1/jobs/abc", client), 400, "jobId", "must be a whole number (was abc)");
        assertProblem(http.get("/api/v1/tasks?since=yesterday", client), 400, "since", "must be a date-time");
        assertProblem(http.get("/api/v1/tasks?state=DONE", client), 400, "state", "must be one of [");
        assertProblem(http.get("/api/v1/jobs/1?results=maybe", client), 400, "results", "must be true or false");
        assertThat(http.get("/api/v1/tasks?since=yesterday", client).json().get("title").asString()).isEqualTo("Invalid parameter");
        assertProblem(http.get("/api/v1/jobs/424242", client), 404, null, "does not exist");
        assertProblem(http.get("/api/v1/tasks/424242", client), 404, null, "does not exist");
        assertProblem(http.post("/api/v1/tasks/424242/cancel", client, null), 404, null, null);
        assertProblem(http.send("POST", "/api/v1/apply", client, "text/plain", "hello"), 415, null, null);
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"'" + "x".repeat(20_000) + "'\"}"), 400, "expression",
                "pass large values as arguments");
        assertProblem(http.post("/api/v1/apply", client, "{\"expression\": \"'" + "x".repeat(70_000) + "'\"}"), 413, null,
                "bramble.limits.max-message-size");
        String hash = "0123456789abcdef".repeat(4);
        assertProblem(http.post("/api/v1/apply", client, "{\"function\": \"sum\", \"args\": [1, {\"$blob\": \"" + hash + "\", \"$type\": \"ints\"}]}"),
                400, "args[1].$type", "\"$type\" is one of [byte[], double-list, double[], int-list, int[], java, long[]]");
        assertProblem(http.post("/api/v1/push", client, "{\"targets\": \"all\", \"values\": {\"a\": [{\"$blob\": \"ABC\", \"$type\": \"int[]\"}]}}"),
                400, "values.a[0].$blob", "64 lower-case hex digits");
        assertProblem(http.post("/api/v1/map", client, "{\"function\": \"len\", \"sequences\": [[[], {\"$blob\": \"" + hash + "\"}]]}"),
                400, "sequences[0][1].$type", null);
        assertProblem(http.post("/api/v1/graphs", client, "{\"tasks\": [{\"key\": \"a\", \"function\": \"len\", \"args\": [{\"$blob\": \""
                + hash + "\", \"$type\": \"int[]\", \"x\": 1}]}], \"outputs\": [\"a\"]}"), 400, "tasks[0].args[0]", "nothing else");
        assertProblem(http.get("/api/v1/nowhere", client), 404, null, null);
        assertProblem(http.post("/api/v1/workers", engine, "{\"workerId\": \"old\", \"host\": \"h\", \"engines\": 1, \"protocolVersion\": 99}"),
                409, "protocolVersion", "speaks protocol 99");
        assertProblem(http.post("/api/v1/workers", engine, "{\"workerId\": \"neg\", \"host\": \"h\", \"engines\": -3, \"protocolVersion\": "
                + Protocol.VERSION + "}"), 400, "engines", null);
        String tooManyAcks = "{\"acks\": " + java.util.stream.LongStream.rangeClosed(1, 4097).boxed().toList() + "}";
        for (String path : List.of("/api/v1/workers/bad-input/poll", "/api/v1/workers/bad-input/heartbeat")) {
            Http.Answer refused = http.post(path, engine, tooManyAcks);
            assertProblem(refused, 400, "acks", "size must be between 0 and 4096");
            assertThat(refused.body().length()).as("the refused value is shown cut short").isLessThan(2_000);
        }
        assertProblem(http.post("/api/v1/workers/bad-input/heartbeat", engine, "{\"acks\": \"x\"}"), 400, "acks", null);

        assertThat(http.get("/actuator/health", null).status()).isEqualTo(200);
        Http.Answer ok = http.post("/api/v1/apply", client, "{\"targets\": \"all\", \"function\": \"echo\", \"args\": [1]}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("taskCount").asInt()).isEqualTo(2);
    }

    private static void assertProblem(Http.Answer a, int status, String field, String detail) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).as(a.body()).startsWith("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asString()).isNotBlank();
        if (detail != null) {
            assertThat(p.get("detail").asString()).contains(detail);
        }
        if (field != null) {
            assertThat(p.get("errors")).as(a.body()).isNotNull();
            assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
    }
}
