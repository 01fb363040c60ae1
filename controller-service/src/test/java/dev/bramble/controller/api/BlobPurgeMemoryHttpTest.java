package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;

/** On the memory store, a purge gives the room of the blobs it lets go back to new ones. */
@Timeout(60)
@TestPropertySource(properties = {"bramble.limits.memory-store-blobs=250KB", "bramble.store.blob-grace=0s"})
class BlobPurgeMemoryHttpTest extends RunningController {

    @Test
    void aFullMemoryStoreTakesBlobsAgainOnceAPurgeLetTheUnnamedOnesGo() {
        byte[] named = bytes(1);
        byte[] loose = bytes(2);
        byte[] third = bytes(3);
        assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + Bundles.sha256(named), client, named).status()).isEqualTo(201);
        assertThat(http.sendBytes("PUT", "/api/v1/blobs/" + Bundles.sha256(loose), client, loose).status()).isEqualTo(201);
        Http.Answer queued = http.post("/api/v1/jobs", client, "{\"tasks\": [{\"function\": \"echo\", \"args\": [{\"$blob\": \""
                + Bundles.sha256(named) + "\", \"$type\": \"byte[]\"}]}]}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        assertProblem(http.sendBytes("PUT", "/api/v1/blobs/" + Bundles.sha256(third), client, third), 507, "Store full");

        Http.Answer purge = http.send("DELETE", "/api/v1/tasks", client, null, null);
        assertThat(purge.json().get("blobs").asInt()).as(purge.body()).isEqualTo(1);
        assertThat(http.get("/api/v1/blobs/" + Bundles.sha256(loose), client).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/blobs/" + Bundles.sha256(named), client).status()).as("named by queued work").isEqualTo(200);
        Http.Answer room = http.sendBytes("PUT", "/api/v1/blobs/" + Bundles.sha256(third), client, third);
        assertThat(room.status()).as(room.body()).isEqualTo(201);
    }

    private static byte[] bytes(int seed) {
        byte[] data = new byte[100_000];
        new Random(seed).nextBytes(data);
        return data;
    }
}
