package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A purge lets go of the blobs that nothing names any more, on the file store: not those of the tasks that
 * stay, nor of a graph still arriving in parts, nor any that arrived within the grace (2 s here).
 */
@Timeout(60)
@TestPropertySource(properties = {"bramble.store.kind=file", "bramble.store.blob-grace=2s"})
class BlobPurgeHttpTest extends RunningController {

    @Test
    void aPurgeTakesTheBlobsThatNothingNamesOnceTheyAreOlderThanTheGrace() throws Exception {
        int engineId = registerWorker("purger", 1);
        String loose = put(1);
        String argument = put(2);
        String result = put(3);
        String ofQueuedWork = put(4);
        String ofDraft = put(5);

        // A job that names one blob in its arguments and finishes with another as its result.
        Http.Answer done = http.post("/api/v1/apply", client, "{\"targets\": \"" + engineId + "\", \"function\": \"echo\", \"args\": ["
                + ref(argument) + "]}");
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        JsonNode assigned = http.post("/api/v1/workers/purger/poll", engine, "{\"capacity\": [{\"engine\": " + engineId
                + ", \"slots\": 1}]}").json();
        long taskId = assigned.get("tasks").get(0).get("taskId").asLong();
        Http.Answer reported = http.post("/api/v1/workers/purger/poll", engine, """
                {"reports": [{"taskId": %d, "attempt": 1, "engine": %d, "outcome": "COMPLETED", "result": %s}]}"""
                .formatted(taskId, engineId, ref(result)));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        http.send("DELETE", "/api/v1/workers/purger", engine, null, null);
        // Work that stays queued (no engine takes load-balanced work now), and a graph that is not complete yet.
        Http.Answer queued = http.post("/api/v1/jobs", client, "{\"tasks\": [{\"function\": \"echo\", \"args\": [[" + ref(ofQueuedWork) + "]]}]}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        Http.Answer part = http.post("/api/v1/graph-parts", client, "{\"tasks\": [{\"key\": \"x\", \"function\": \"echo\", \"args\": [{\"v\": "
                + ref(ofDraft) + "}]}]}");
        assertThat(part.status()).as(part.body()).isEqualTo(200);

        Http.Answer first = http.send("DELETE", "/api/v1/tasks", client, null, null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("purged").asInt()).as("the finished job").isEqualTo(1);
        assertThat(first.json().get("blobs").asInt()).as("every blob arrived within the grace").isZero();
        assertThat(status(loose)).isEqualTo(200);

        Thread.sleep(2_200);
        String sentAgain = loose;
        assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + sentAgain, client, bytes(1)).status()).isEqualTo(201);
        Http.Answer second = http.send("DELETE", "/api/v1/tasks", client, null, null);
        assertThat(second.json().get("blobs").asInt()).as(second.body()).isEqualTo(2);
        assertThat(status(argument)).isEqualTo(404);
        assertThat(status(result)).isEqualTo(404);
        assertThat(Files.exists(home.resolve("profile_default").resolve("blobs").resolve(result))).isFalse();
        assertThat(status(sentAgain)).as("a blob sent again starts its grace again").isEqualTo(200);
        assertThat(status(ofQueuedWork)).as("named by unfinished work").isEqualTo(200);
        assertThat(status(ofDraft)).as("named by a graph draft").isEqualTo(200);

        // Once the queued job is cancelled and purged, its blob goes too; the draft's stays while the draft does.
        long queuedJob = queued.json().get("id").asLong();
        assertThat(http.post("/api/v1/jobs/" + queuedJob + "/cancel", client, null).status()).isEqualTo(200);
        Thread.sleep(2_200);
        Http.Answer third = http.send("DELETE", "/api/v1/jobs/" + queuedJob, client, null, null);
        assertThat(third.status()).as(third.body()).isEqualTo(200);
        assertThat(third.json().get("purged").asInt()).isEqualTo(1);
        assertThat(third.json().get("blobs").asInt()).as(third.body()).isEqualTo(2);
        assertThat(status(ofQueuedWork)).isEqualTo(404);
        assertThat(status(sentAgain)).isEqualTo(404);
        assertThat(status(ofDraft)).isEqualTo(200);
        try (var left = Files.list(home.resolve("profile_default").resolve("blobs"))) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).containsExactly(ofDraft);
        }
    }

    private String put(int seed) {
        byte[] data = bytes(seed);
        String hash = Bundles.sha256(data);
        Http.Answer a = http.sendBytes("PUT", "/api/v1/blobs/" + hash, client, data);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return hash;
    }

    private static byte[] bytes(int seed) {
        byte[] data = new byte[20_000];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String ref(String hash) {
        return "{\"$blob\": \"" + hash + "\", \"$type\": \"byte[]\"}";
    }

    private int status(String hash) {
        return http.get("/api/v1/blobs/" + hash, client).status();
    }
}
