package dev.bramble.it;

import static dev.bramble.lazy.Delayed.delayed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bramble.client.Client;
import dev.bramble.client.RemoteException;
import dev.bramble.examples.Fns;
import dev.bramble.lazy.ComputeException;
import dev.bramble.lazy.Delayed;
import dev.bramble.lazy.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lazy graphs on every scheduler, and the controller's distributed graph scheduler with real worker processes. */
@Timeout(300)
class GraphTest {

    @TempDir
    Path home;

    static long slowAdd(long a, long b) throws InterruptedException {
        Thread.sleep(3);
        return a + b;
    }

    static double[] ramp(int n, double start) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = start + i;
        }
        return d;
    }

    static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    static double total(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }

    static int boom(int x) {
        throw new IllegalStateException("no " + x);
    }

    /** Sums leaves 0..n-1 pairwise, level by level. */
    static Delayed<Long> tree(int leaves, boolean slow) {
        List<Delayed<Long>> level = new ArrayList<>(leaves);
        for (long i = 0; i < leaves; i++) {
            level.add(Delayed.value(i));
        }
        while (level.size() > 1) {
            List<Delayed<Long>> next = new ArrayList<>(level.size() / 2 + 1);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(slow ? delayed(GraphTest::slowAdd).call(level.get(i), level.get(i + 1))
                        : delayed((Long a, Long b) -> a + b).call(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    private Client client() {
        return Client.connect(home.resolve("profile_default/security/controller-client.json"));
    }

    @Test
    void theArticleLoopGivesTheSameTotalOnAllFourSchedulers() throws Exception {
        Delayed<Integer> total = Fns.articleTotal(Client.range(10_000));
        int expected = 3 * (10_000 * 9_999 / 2) + 10_000;
        assertThat(total.compute(Scheduler.SYNC)).isEqualTo(expected);
        assertThat(total.compute(Scheduler.threads(2))).isEqualTo(expected);
        try (Scheduler processes = Scheduler.processes(2)) {
            assertThat(total.compute(processes)).isEqualTo(expected);
            assertThat(delayed(Fns::inc).call(total).compute(processes)).isEqualTo(expected + 1);
        }
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            cluster.startWorker("a", 1);
            cluster.startWorker("b", 1);
            try (Client c = client(); var scope = Scheduler.use(Scheduler.distributed(c))) {
                assertThat(total.compute()).isEqualTo(expected);
                // Several values, one graph: a shared part runs once.
                Delayed<Integer> half = Fns.articleTotal(Client.range(5_000));
                assertThat(Delayed.compute(total, half, delayed(Fns::add).call(total, half)))
                        .containsExactly(expected, 3 * (5_000 * 4_999 / 2) + 5_000, expected + 3 * (5_000 * 4_999 / 2) + 5_000);
            }
        }
    }

    @Test
    void aWorkerKilledMidGraphStillGivesTheRightTotalByRecomputing() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            Process doomed = cluster.startWorker("doomed", 1);
            cluster.startWorker("survivor", 1);
            try (Client c = client()) {
                Scheduler cluster2 = Scheduler.distributed(c);
                Delayed<Long> total = tree(4_000, true);
                CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> total.compute(cluster2));
                cluster.await(Duration.ofSeconds(60), "half of the graph", () -> finishedOfLatestGraph(cluster) >= 1_500, null, null);
                Cluster.kill9(doomed);
                assertThat(result.get()).isEqualTo(4_000L * 3_999 / 2);
                JsonNode status = latestGraph(cluster);
                assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
                assertThat(status.get("recomputed").asInt()).as("results lost with the killed worker were computed again").isPositive();
            }
        }
    }

    @Test
    void aTreeReductionOf100000LeavesFinishesAndTheHeldResultsStayBounded() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("file", 0)) {
            cluster.startWorker("a", 1);
            cluster.startWorker("b", 1);
            try (Client c = client()) {
                Delayed<Long> total = tree(100_000, false);
                AtomicInteger mostHeld = new AtomicInteger();
                CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> total.compute(Scheduler.distributed(c)));
                while (!result.isDone()) {
                    mostHeld.accumulateAndGet((int) cluster.metric("bramble_graph_held_results"), Math::max);
                    Thread.sleep(200);
                }
                assertThat(result.get()).isEqualTo(100_000L * 99_999 / 2);
                assertThat(mostHeld.get()).as("results used up are released while the graph runs").isLessThan(20_000);
                cluster.await(Duration.ofSeconds(20), "every result released", () -> cluster.metric("bramble_graph_held_results") == 0,
                        null, null);
            }
        }
    }

    @Test
    void intermediateDataMovesWorkerToWorkerNotThroughTheController() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("file", 0)) {
            cluster.startWorker("a", 1);
            cluster.startWorker("b", 1);
            try (Client c = client()) {
                List<Delayed<double[]>> parts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    parts.add(delayed(GraphTest::ramp).call(200_000, (double) i));
                }
                while (parts.size() > 1) {
                    List<Delayed<double[]>> next = new ArrayList<>();
                    for (int i = 0; i < parts.size(); i += 2) {
                        next.add(delayed(GraphTest::plus).call(parts.get(i), parts.get(i + 1)));
                    }
                    parts = next;
                }
                double expected = 0;
                for (int i = 0; i < 8; i++) {
                    expected += total(ramp(200_000, i));
                }
                double got = delayed(GraphTest::total).call(parts.get(0)).compute(Scheduler.distributed(c));
                assertThat(got).isEqualTo(expected);
                assertThat(cluster.metric("bramble_graph_transfers")).as("inputs fetched from the other worker").isPositive();
                assertThat(cluster.metric("bramble_graph_transfer_bytes")).isGreaterThanOrEqualTo(1_600_000);
                assertThat(home.resolve("profile_default/blobs")).as("no intermediate array went through the controller")
                        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
            }
        }
    }

    @Test
    void failuresNameTheKeyPersistKeepsResultsOnTheWorkers() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            cluster.startWorker("a", 2);
            try (Client c = client()) {
                Scheduler s = Scheduler.distributed(c);
                Delayed<Integer> bad = delayed(GraphTest::boom).call(7);
                // Not a linear chain (that would be fused into one task under the later key).
                assertThatThrownBy(() -> delayed(Fns::add).call(bad, delayed(Fns::inc).call(1)).compute(s))
                        .isInstanceOf(ComputeException.class)
                        .satisfies(e -> assertThat(((ComputeException) e).key()).isEqualTo(bad.key()))
                        .hasCauseInstanceOf(RemoteException.class).hasMessageContaining("no 7");

                Delayed<Integer> kept = Fns.articleTotal(Client.range(100)).persist(s);
                assertThat(cluster.request("GET", "/api/v1/data", null).body()).contains(kept.key());
                assertThat(delayed(Fns::inc).call(kept).compute(s)).isEqualTo(3 * 4950 + 100 + 1);
                assertThat(kept.compute(s)).isEqualTo(3 * 4950 + 100);
                kept.release();
                assertThat(cluster.request("GET", "/api/v1/data", null).body()).doesNotContain(kept.key());
                assertThatThrownBy(() -> delayed(Fns::inc).call(kept).compute(s)).hasMessageContaining(kept.key());

                assertThat(delayed("sum").call(List.of(delayed("inc").call(1), delayed("double").call(4))).compute(s)).isEqualTo(10);
            }
        }
    }

    @Test
    void curlSubmitsAGraphWithNamedFunctionsAndExpressions() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            cluster.startWorker("a", 2);
            var answer = cluster.request("POST", "/api/v1/graphs?wait=30", """
                    {"tasks": [
                      {"key": "a", "function": "inc", "args": [1]},
                      {"key": "b", "expression": "x -> x * 10", "args": [{"$ref": "a"}]},
                      {"key": "c", "function": "add", "args": [{"$ref": "a"}, {"$ref": "b"}]},
                      {"key": "total", "function": "sum", "args": [[{"$ref": "a"}, {"$ref": "c"}]]}],
                     "outputs": ["total", "b"]}""");
            assertThat(answer.statusCode()).isEqualTo(201);
            JsonNode job = Cluster.JSON.readTree(answer.body());
            assertThat(job.get("results").toString()).isEqualTo("[24,20]");
            JsonNode status = cluster.get("/api/v1/graphs/" + job.get("id").asLong());
            assertThat(status.get("progress").get("completed").asInt()).isEqualTo(4);
            assertThat(status.get("outputs").toString()).isEqualTo("[\"total\",\"b\"]");
            JsonNode task = cluster.get("/api/v1/tasks/" + job.get("firstTaskId").asLong());
            assertThat(task.get("key").asText()).isEqualTo("total");
            assertThat(task.get("kind").asText()).isEqualTo("GRAPH");

            // A graph in two parts: the second part refers to the first.
            var part = cluster.request("POST", "/api/v1/graph-parts", """
                    {"tasks": [{"key": "p", "function": "inc", "args": [41]}]}""");
            assertThat(part.statusCode()).isEqualTo(200);
            String draft = Cluster.JSON.readTree(part.body()).get("draft").asText();
            var whole = cluster.request("POST", "/api/v1/graphs?wait=30", """
                    {"draft": "%s", "tasks": [{"key": "q", "function": "double", "args": [{"$ref": "p"}]}], "outputs": ["q"]}"""
                    .formatted(draft));
            assertThat(Cluster.JSON.readTree(whole.body()).get("results").toString()).isEqualTo("[84]");
            assertThat(cluster.request("POST", "/api/v1/graphs", """
                    {"draft": "%s", "tasks": [{"key": "x", "function": "inc", "args": [1]}], "outputs": ["x"]}""".formatted(draft))
                    .statusCode()).as("a draft is used once").isEqualTo(404);

            var cycle = cluster.request("POST", "/api/v1/graphs", """
                    {"tasks": [{"key": "x", "function": "inc", "args": [{"$ref": "y"}]},
                               {"key": "y", "function": "inc", "args": [{"$ref": "x"}]}], "outputs": ["x"]}""");
            assertThat(cycle.statusCode()).isEqualTo(400);
            assertThat(cycle.body()).contains("cycle");
            assertThat(cluster.request("POST", "/api/v1/graphs", """
                    {"tasks": [{"key": "x", "function": "inc", "args": [{"$ref": "nope"}]}], "outputs": ["x"]}""").body())
                    .contains("no task of this graph and no persisted result has the key 'nope'");
            assertThat(cluster.request("POST", "/api/v1/graphs", """
                    {"tasks": [{"key": "x", "function": "inc", "args": [1]}, {"key": "x", "function": "inc", "args": [2]}],
                     "outputs": ["x"]}""").body()).contains("given twice");
            assertThat(cluster.request("POST", "/api/v1/graphs", """
                    {"tasks": [{"key": "x", "function": "inc", "args": [1]}], "outputs": ["y"]}""").statusCode()).isEqualTo(400);
            assertThat(cluster.request("POST", "/api/v1/graphs", """
                    {"tasks": [{"key": "x", "function": "nosuch", "args": [1]}], "outputs": ["x"]}""").body()).contains("nosuch");
        }
    }

    private static JsonNode latestGraph(Cluster cluster) throws Exception {
        JsonNode jobs = cluster.get("/api/v1/jobs?limit=1");
        return cluster.get("/api/v1/graphs/" + jobs.get(0).get("id").asLong());
    }

    private static int finishedOfLatestGraph(Cluster cluster) {
        try {
            JsonNode jobs = cluster.get("/api/v1/jobs?limit=1");
            return jobs.isEmpty() ? 0 : jobs.get(0).get("progress").get("completed").asInt();
        } catch (Exception e) {
            return 0;
        }
    }
}
