package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bramble.client.Client;
import dev.bramble.client.OnEngine;
import dev.bramble.client.internal.CodeBundler;
import dev.bramble.client.internal.Values;
import dev.bramble.client.wire.WireClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bulk values a client sends straight to the workers' data servers, and what happens when they cannot take them. */
@Timeout(180)
class StagingTest {

    @TempDir
    Path home;

    @Test
    void pushedArraysGoStraightToTheWorkersAndThroughTheControllerOnlyWhenTheyMust() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("file", 0)) {
            cluster.startWorker("a", 2);
            cluster.startWorker("b", 1);
            try (Client c = client(3)) {
                double[] data = new SplittableRandom(4001).doubles(200_000).toArray();
                double expected = Arrays.stream(data).sum();

                c.all().push(Map.of("arr", data));
                assertThat(blobFiles()).as("a staged push leaves nothing at the controller").isEmpty();
                List<Double> sums = c.all().applySync(() -> Arrays.stream(OnEngine.<double[]>get("arr")).sum());
                assertThat(sums).containsExactly(expected, expected, expected);

                List<Integer> ints = Client.range(60_001);
                c.all().scatter("part", ints);
                assertThat(blobFiles()).as("scatter parts are staged too").isEmpty();
                assertThat(c.all().<Integer>gather("part")).isEqualTo(ints);

                double[] other = new SplittableRandom(7).doubles(100_000).toArray();
                c.all().withRetries(1).push(Map.of("again", other));
                String hash = CodeBundler.sha256(Values.bulk(other).bytes());
                assertThat(blobFiles()).as("work that may be retried reads its values from the controller")
                        .contains(home.resolve("profile_default/blobs").resolve(hash));
                List<double[]> back = c.all().pull("again");
                assertThat(back).allSatisfy(b -> assertThat(b).containsExactly(other));
            }
        }
    }

    @Test
    void aValueTooLargeForAWorkersStageGoesThroughTheController() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("file", 0)) {
            // The test's workers have a 256 MB heap, so they stage at most 64 MB at once.
            cluster.startWorker("a", 1);
            try (Client c = client(1)) {
                double[] large = new SplittableRandom(5).doubles(9_000_000).toArray();
                c.all().push(Map.of("large", large));
                String hash = CodeBundler.sha256(Values.bulk(large).bytes());
                assertThat(blobFiles()).as("the worker refused it, so it went to the controller")
                        .contains(home.resolve("profile_default/blobs").resolve(hash));
                assertThat(c.engine(0).<Double>applySync(() -> OnEngine.<double[]>get("large")[8_999_999])).isEqualTo(large[8_999_999]);
                c.all().delete("large");
                double[] small = new SplittableRandom(6).doubles(100_000).toArray();
                c.all().push(Map.of("small", small));
                assertThat(blobFiles()).as("the next value is staged again").hasSize(1);
                assertThat(c.engine(0).<double[]>pull("small")).isEqualTo(small);
            }
        }
    }

    @Test
    void bulkResultsAreReadFromTheirWorkerAndReachTheControllerToo() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("file", 0)) {
            cluster.startWorker("a", 2);
            try (Client c = client(2)) {
                double[] data = new SplittableRandom(4001).doubles(300_000).toArray();
                c.all().push(Map.of("arr", data));
                List<double[]> back = c.all().pull("arr");
                assertThat(back).hasSize(2).allSatisfy(b -> assertThat(b).containsExactly(data));
                List<Integer> ints = Client.range(100_000);
                c.all().scatter("part", ints);
                assertThat(c.all().<Integer>gather("part")).isEqualTo(ints);

                // As curl sees it: the pull's result is one blob (both engines hold equal values), which the
                // worker serves at once and the controller answers too, waiting for it if it is still on its way.
                JsonNode job = cluster.post("/api/v1/pull?wait=30", "{\"targets\": \"all\", \"names\": [\"arr\"]}");
                assertThat(job.get("state").asText()).isEqualTo("COMPLETED");
                String hash = job.get("results").get(0).get("$blob").asText();
                assertThat(job.get("results").get(1).get("$blob").asText()).isEqualTo(hash);
                String dataUrl = cluster.get("/api/v1/engines").get(0).get("dataUrl").asText();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<byte[]> fromWorker = get(http, dataUrl + "/data/blobs/" + hash, WireClients.stagingToken(cluster.clientKey));
                assertThat(fromWorker.statusCode()).isEqualTo(200);
                assertThat(new Values.Bulk("double[]", fromWorker.body()).decode(getClass().getClassLoader())).isEqualTo(data);
                assertThat(get(http, dataUrl + "/data/blobs/" + hash, cluster.clientKey).statusCode()).isEqualTo(401);
                HttpResponse<byte[]> fromController = get(http, cluster.url + "/api/v1/blobs/" + hash, cluster.clientKey);
                assertThat(fromController.statusCode()).isEqualTo(200);
                assertThat(fromController.body()).isEqualTo(fromWorker.body());
            }
        }
    }

    @Test
    void aWorkersDataServerTakesOnlyTheStagingTokenAndWellFormedStaging() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            cluster.startWorker("a", 1);
            // Waits, as a client would, until the engine is listed.
            client(1).close();
            String dataUrl = cluster.get("/api/v1/engines").get(0).get("dataUrl").asText();
            String hash = "ab".repeat(32);
            HttpClient http = HttpClient.newHttpClient();
            String token = WireClients.stagingToken(cluster.clientKey);
            assertThat(stage(http, dataUrl + "/data/staged/" + hash + "?uses=1", "wrong")).isEqualTo(401);
            assertThat(stage(http, dataUrl + "/data/staged/" + hash + "?uses=1", cluster.clientKey))
                    .as("the client key itself never goes to a worker, so a worker does not take it").isEqualTo(401);
            assertThat(stage(http, dataUrl + "/data/staged/" + hash + "?uses=1", token)).isEqualTo(204);
            assertThat(stage(http, dataUrl + "/data/staged/not-a-hash?uses=1", token)).isEqualTo(400);
            assertThat(stage(http, dataUrl + "/data/staged/" + hash + "?uses=0", token)).isEqualTo(400);
            assertThat(stage(http, dataUrl + "/data/staged/" + hash, token)).isEqualTo(400);
        }
    }

    /** A client of the cluster in this test's folder, once that many engines are there. */
    private Client client(int engines) {
        Client c = Client.connect(home.resolve("profile_default/security/controller-client.json"));
        c.waitForEngines(engines, java.time.Duration.ofSeconds(60));
        return c;
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int stage(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpRequest put = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build();
        return http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<Path> blobFiles() throws IOException {
        Path blobs = home.resolve("profile_default/blobs");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
