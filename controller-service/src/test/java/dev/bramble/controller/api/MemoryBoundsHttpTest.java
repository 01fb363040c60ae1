package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What keeps the controller's heap bounded, over HTTP: the message limit (bodies read into memory) apart from
 * the blob limit (bodies streamed to disk), and the task memory, beyond which new jobs are refused with 503
 * until tasks finish, while everything already accepted stays.
 */
@Timeout(60)
@TestPropertySource(properties = {"bramble.scheduler.task-memory=200KB", "bramble.limits.memory-store-blobs=250KB"})
class MemoryBoundsHttpTest extends RunningController {

    @Test
    void aBlobMayBeLargerThanAMessageButNotThanTheRequestLimit() {
        byte[] blob = new byte[100_000];
        new Random(100).nextBytes(blob);
        Http.Answer stored = http.sendBytes("PUT", "/api/v1/blobs/" + Bundles.sha256(blob), client, blob);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);

        byte[] huge = new byte[300_000];
        Http.Answer refused = http.sendBytes("PUT", "/api/v1/blobs/" + Bundles.sha256(huge), client, huge);
        assertProblem(refused, 413, "Body too large");
        assertThat(refused.json().get("detail").asString()).contains("bramble.limits.max-request-size");

        Http.Answer bundle = http.sendBytes("PUT", "/api/v1/bundles/" + Bundles.sha256(blob), client, blob);
        assertProblem(bundle, 413, "Body too large");
        assertThat(bundle.json().get("detail").asString()).contains("bramble.limits.max-message-size", "$blob");
    }

    @Test
    void theMemoryStoresBlobsStopAtTheirLimitAndThoseHeldStay() {
        // 250 KB of blobs: the third of 100 KB is refused at the latest (another test of the class may have stored one).
        List<String> stored = new ArrayList<>();
        Http.Answer full = null;
        for (int i = 0; i < 3 && full == null; i++) {
            byte[] blob = new byte[100_000];
            new Random(100 + i).nextBytes(blob);
            String hash = Bundles.sha256(blob);
            Http.Answer a = http.sendBytes("PUT", "/api/v1/blobs/" + hash, client, blob);
            if (a.status() == 201) {
                stored.add(hash);
                assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + hash, client, blob).status()).as("a blob already held is taken again")
                        .isEqualTo(201);
            } else {
                full = a;
                assertThat(http.get("/api/v1/blobs/" + hash, client).status()).isEqualTo(404);
            }
        }
        assertThat(full).as("refused once the blobs would be over the limit").isNotNull();
        assertProblem(full, 507, "Store full");
        assertThat(full.json().get("detail").asString()).contains("bramble.limits.memory-store-blobs");
        assertThat(stored).isNotEmpty().allSatisfy(hash -> assertThat(http.get("/api/v1/blobs/" + hash, client).status()).isEqualTo(200));
        assertProblem(http.sendBytes("PUT", "/api/v1/blobs/" + stored.get(0), client, new byte[10]), 400, "Bad request");
    }

    @Test
    void jobsBeyondTheTaskMemoryAreRefusedWith503UntilTheQueuedOnesFinish() {
        // Expressions need no worker that offers them: with none registered, the jobs stay queued.
        String sixtyKb = "{\"expression\": \"s -> s.length()\", \"args\": [\"" + "x".repeat(60_000) + "\"]}";
        List<Long> accepted = new ArrayList<>();
        Http.Answer last = null;
        for (int i = 0; i < 5; i++) {
            last = http.post("/api/v1/apply", client, sixtyKb);
            if (last.status() != 201) {
                break;
            }
            accepted.add(last.json().get("id").asLong());
        }
        assertThat(accepted).as("three of 60 KB fit in 200 KB, a fourth does not").hasSize(3);
        assertProblem(last, 503, "Busy");
        assertThat(last.retryAfter()).isNotNull();
        assertThat(last.json().get("detail").asString()).contains("bramble.scheduler.task-memory");
        assertProblem(http.post("/api/v1/jobs", client, "{\"tasks\": [" + sixtyKb + "]}"), 503, "Busy");

        for (long id : accepted) {
            Http.Answer job = http.get("/api/v1/jobs/" + id, client);
            assertThat(job.json().get("state").asString()).as("accepted and kept").isEqualTo("RUNNING");
        }
        assertThat(http.post("/api/v1/jobs/" + accepted.get(0) + "/cancel", client, null).status()).isEqualTo(200);
        Http.Answer afterCancel = http.post("/api/v1/apply", client, sixtyKb);
        assertThat(afterCancel.status()).as("a cancelled job no longer counts: " + afterCancel.body()).isEqualTo(201);
    }

    private static String graphTasks(String prefix, int n) {
        StringBuilder tasks = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"key\": \"").append(prefix).append(i).append("\", \"expression\": \"x -> x + 1\", \"args\": [")
                    .append(i).append("]}");
        }
        return tasks.append("]").toString();
    }

    @Test
    void graphPartsStopAtTheTaskMemoryAndARefusedSubmitKeepsThem() {
        // Other tests of the class leave jobs queued: without them, the graph below is taken (nothing else unfinished).
        for (JsonNode job : http.get("/api/v1/jobs?limit=100", client).json()) {
            if (job.get("state").asString().equals("RUNNING")) {
                assertThat(http.post("/api/v1/jobs/" + job.get("id").asLong() + "/cancel", client, null).status()).isEqualTo(200);
            }
        }
        // 600 tasks of a graph's part take about 220 KB of the 400 KB that drafts may hold (twice the task memory).
        Http.Answer first = http.post("/api/v1/graph-parts", client, "{\"tasks\": " + graphTasks("a", 600) + "}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String draft = first.json().get("draft").asString();
        Http.Answer busy = http.post("/api/v1/graph-parts", client, "{\"tasks\": " + graphTasks("b", 600) + "}");
        assertProblem(busy, 503, "Busy");
        assertThat(busy.retryAfter()).isNotNull();

        String last = "{\"draft\": \"%s\", \"outputs\": [\"z\"], \"tasks\": [{\"key\": \"z\", \"expression\": \"x -> x\", \"args\": [{\"$ref\": \"%s\"}]}]}";
        assertProblem(http.post("/api/v1/graphs", client, last.formatted(draft, "nope")), 400, "Bad request");
        Http.Answer submitted = http.post("/api/v1/graphs", client, last.formatted(draft, "a599"));
        assertThat(submitted.status()).as("the draft outlived the refused submit: " + submitted.body()).isEqualTo(201);
        assertThat(submitted.json().get("taskCount").asInt()).isEqualTo(601);
        assertThat(http.post("/api/v1/jobs/" + submitted.json().get("id").asLong() + "/cancel", client, null).status()).isEqualTo(200);

        Http.Answer room = http.post("/api/v1/graph-parts", client, "{\"tasks\": " + graphTasks("c", 600) + "}");
        assertThat(room.status()).as("a submitted draft no longer counts: " + room.body()).isEqualTo(200);
        String tooLargeDraft = room.json().get("draft").asString();
        Http.Answer tooLarge = http.post("/api/v1/graph-parts", client,
                "{\"draft\": \"" + tooLargeDraft + "\", \"tasks\": " + graphTasks("d", 600) + "}");
        assertProblem(tooLarge, 413, "Too large");
        assertThat(tooLarge.json().get("detail").asString()).contains("bramble.scheduler.task-memory", "the draft is dropped");
        assertProblem(http.post("/api/v1/graphs", client, last.formatted(tooLargeDraft, "c599")), 404, "Not found");
        assertThat(http.post("/api/v1/graph-parts", client, "{\"tasks\": " + graphTasks("e", 600) + "}").status())
                .as("a dropped draft no longer counts").isEqualTo(200);
    }
}
