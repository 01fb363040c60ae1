package dev.bramble.it;

import static dev.bramble.client.Client.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.client.AsyncResult;
import dev.bramble.client.BrambleApiException;
import dev.bramble.client.Client;
import dev.bramble.client.DirectView;
import dev.bramble.client.LoadBalancedView;
import dev.bramble.client.OnEngine;
import dev.bramble.client.RemoteException;
import dev.bramble.client.TaskMetadata;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a real controller and a real worker process with four engines. */
@Timeout(180)
class SdkTest {

    @TempDir
    static Path home;
    static Cluster cluster;
    static Client c;

    @BeforeAll
    static void start() {
        cluster = new Cluster(home).startController("memory", 0);
        cluster.startWorker("worker", 4);
        c = Client.connect(home.resolve("profile_default/security/controller-client.json"));
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        cluster.close();
    }

    @Test
    void longListsOfNumbersScatterAndGatherAsBinaryParts() {
        List<Integer> ints = range(100_003);
        c.all().scatter("big", ints);
        List<Integer> sizes = c.all().applySync(() -> OnEngine.<List<Integer>>get("big").size());
        assertThat(sizes).containsExactly(25_001, 25_001, 25_001, 25_000);
        List<Integer> back = c.all().gather("big");
        assertThat(back).isEqualTo(ints);
        c.all().scatter("again", back);
        assertThat(c.all().<Integer>gather("again")).isEqualTo(ints);
        // An engine's part is a list like any other: it grows, and gathers as it is then.
        c.all().applySync(() -> {
            List<Integer> part = OnEngine.get("big");
            part.add(-1);
            OnEngine.put("big", part);
            return part.size();
        });
        assertThat(c.all().<Integer>gather("big")).hasSize(ints.size() + 4).endsWith(99_999, 100_000, 100_001, 100_002, -1)
                .filteredOn(i -> i == -1).hasSize(4);

        List<Double> doubles = ints.stream().map(i -> i / 3.0).toList();
        c.view(1).push(Map.of("d", new java.util.ArrayList<>(doubles)));
        List<List<Double>> pulled = c.view(1).pull("d");
        assertThat(pulled).singleElement().isEqualTo(doubles);
        c.all().scatter("d", doubles);
        assertThat(c.all().<Double>gather("d")).isEqualTo(doubles);
        // A long list that is not all numbers of one kind scatters as it is, nulls and all.
        List<Object> mixed = new java.util.ArrayList<>(ints);
        mixed.set(60_000, null);
        mixed.set(90_000, 7L);
        c.all().scatter("m", mixed);
        assertThat(c.all().applySync(() -> OnEngine.<List<?>>get("m").size())).containsExactly(25_001, 25_001, 25_001, 25_000);
        assertThat(c.all().<Object>gather("m")).isEqualTo(mixed);
    }

    @Test
    void theArticleSessionInJava() throws Exception {
        List<Integer> ids = c.ids();
        assertThat(ids).containsExactly(0, 1, 2, 3);
        List<String> hi = c.all().applySync(() -> "Hello World");
        assertThat(hi).containsExactly("Hello World", "Hello World", "Hello World", "Hello World");
        DirectView v = c.slice(0, 2);
        List<Integer> ans = v.applySync(() -> 42);
        assertThat(ans).containsExactly(42, 42);
        List<Integer> twice = v.mapSync(x -> x * 2, range(10));
        assertThat(twice).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
        DirectView v2 = c.slice(2);
        v2.push(Map.of("a", "foo", "b", "bar"));
        List<String> a = v2.get("a");
        assertThat(a).containsExactly("foo", "foo");
        v2.delete("a", "never pushed");
        assertThatThrownBy(() -> v2.pull("a")).isInstanceOfSatisfying(RemoteException.class,
                e -> assertThat(e.failures()).extracting(RemoteException::remoteType).containsExactly("NameError", "NameError"));
        assertThat(v2.<String>pull("b")).containsExactly("bar", "bar");
        c.engine(2).delete("b");
        assertThat(c.engine(3).<String>pull("b")).isEqualTo("bar");
        c.engine(3).push(Map.of("c", 1));
        c.engine(3).clear();
        assertThatThrownBy(() -> c.engine(3).pull("b")).isInstanceOf(RemoteException.class);
        assertThatThrownBy(() -> c.engine(3).pull("c")).isInstanceOf(RemoteException.class);
        c.all().scatter("part", List.of(1, 2, 3, 4, 5, 6, 7, 8));
        List<Integer> whole = c.all().gather("part");
        assertThat(whole).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        LoadBalancedView lb = c.loadBalanced();
        AsyncResult<List<Double>> r = lb.mapAsync(x -> Math.sqrt(x), range(100_000));
        r.waitInteractive();
        List<Double> roots = r.get();
        assertThat(r.metadata()).hasSizeLessThanOrEqualTo(16);
        assertThat(roots).hasSize(100_000);
        assertThat(roots.get(99_999)).isCloseTo(Math.sqrt(99_999), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void namedFunctionsAndEngineViewsReturnSingleValues() {
        assertThat(c.all().<String>applySync("echo", "hi")).containsExactly("hi", "hi", "hi", "hi");
        Integer id = c.engine(3).applySync("engine_id");
        assertThat(id).isEqualTo(3);
        Integer sum = c.loadBalanced().applySync((Integer x, Integer y) -> x + y, 2, 3);
        assertThat(sum).isEqualTo(5);
        assertThat(c.view(1, 3).<Integer>mapSync("inc", List.of(1, 2, 3))).containsExactly(2, 3, 4);
        // A long list of numbers travels as raw numbers; a named function sees the list, as a lambda does.
        List<Integer> longList = range(20_000);
        assertThat(c.engine(0).<Integer>applySync("len", longList)).isEqualTo(20_000);
        assertThat(c.loadBalanced().<Integer>applySync("sum", longList)).isEqualTo(199_990_000);
        assertThat(c.view(1, 2).<Integer>mapSync("len", List.of(longList, List.of(1), longList))).containsExactly(20_000, 1, 20_000);
        // An object of the client's classes stays bytes to a named function: echo gives it back whole.
        Note big = new Note("x".repeat(100_000));
        assertThat(c.engine(0).<Note>applySync("echo", big)).isEqualTo(big);
    }

    /** A value of a class the workers do not have. */
    record Note(String text) implements Serializable {
    }

    @Test
    void javaObjectsTravelAsTheirOwnTypes() {
        List<Work.Point> scaled = c.slice(0, 2).mapSync(Work.scale(2), List.of(new Work.Point(1, 2), new Work.Point(3, 4)));
        assertThat(scaled).containsExactly(new Work.Point(2, 4), new Work.Point(6, 8));
        Long pid = c.engine(0).applySync(Work.pid());
        assertThat(pid).isPositive().isNotEqualTo(ProcessHandle.current().pid());
        c.engine(1).push(Map.of("p", new Work.Point(5, 6)));
        Work.Point p = c.engine(1).pull("p");
        assertThat(p).isEqualTo(new Work.Point(5, 6));
    }

    @Test
    void aRemoteFailureCarriesItsTypeEngineAndStack() {
        assertThatThrownBy(() -> c.engine(2).applySync(Work.failOnThree(), 3)).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.remoteMessage()).isEqualTo("three is not allowed");
            assertThat(e.engine()).isEqualTo(2);
            assertThat(e.remoteStackTrace()).anySatisfy(l -> assertThat(l).contains("Work"));
            StringWriter printed = new StringWriter();
            e.printStackTrace(new PrintWriter(printed));
            assertThat(printed.toString()).contains("Caused by: java.lang.IllegalStateException (remote): three is not allowed")
                    .contains("at dev.bramble.it.Work");
        });
        assertThatThrownBy(() -> c.all().applySync(Work.failOnThree(), 3)).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.failures()).hasSize(4);
            assertThat(e.failures()).extracting(RemoteException::engine).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(e.getMessage()).startsWith("4 tasks failed");
        });
        AsyncResult<Integer> async = c.loadBalanced().applyAsync(Work.failOnThree(), 3);
        assertThatThrownBy(async::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RemoteException.class);
        assertThat(async.successful()).isFalse();
    }

    @Test
    void aLambdaCapturingSomethingNotSerializableFailsBeforeAnythingIsSent() {
        assertThatThrownBy(() -> c.engine(0).applySync(Work.captures(new Work.Holder())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("captured value 0.lock (java.lang.Object) is not Serializable");
        Thread t = new Thread(() -> { });
        assertThatThrownBy(() -> c.engine(0).applySync(Work.captures(t))).hasMessageContaining("java.lang.Thread");
    }

    @Test
    void optionsTimeoutRetriesCancelAndDependencies() throws Exception {
        assertThatThrownBy(() -> c.engine(0).withTimeout(Duration.ofMillis(300)).applySync(Work.sleepy(20_000)))
                .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.remoteType()).isEqualTo("TimeoutError"));
        AsyncResult<Integer> slow = c.engine(1).applyAsync(Work.sleepy(20_000));
        Thread.sleep(300);
        assertThat(slow.cancel(true)).isTrue();
        assertThat(slow.isCancelled()).isTrue();
        AsyncResult<Integer> first = c.engine(2).applyAsync(Work.sleepy(300));
        AsyncResult<Integer> second = c.engine(3).after(first).applyAsync(Work.sleepy(1));
        assertThat(second.get(Duration.ofSeconds(20))).isEqualTo(1);
        List<TaskMetadata> meta = second.metadata();
        assertThat(meta).hasSize(1);
        assertThat(meta.get(0).started()).isAfterOrEqualTo(first.metadata().get(0).completed());
        assertThatThrownBy(() -> c.engine(0).withRetries(-1)).hasMessage("retries < 0: -1");
    }

    @Test
    void asyncResultsTellProgressAndMetadata() throws Exception {
        AsyncResult<List<Integer>> r = c.all().mapAsync((Integer x) -> x + 1, range(8));
        assertThat(r.toCompletableFuture().get()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(r.ready()).isTrue();
        assertThat(r.progress().fraction()).isEqualTo(1.0);
        assertThat(r.metadata()).extracting(TaskMetadata::engine).containsExactly(0, 1, 2, 3);
        assertThat(r.metadata()).allSatisfy(m -> assertThat(m.state()).isEqualTo("COMPLETED"));
    }

    @Test
    void aViewIsAnExecutorService() throws Exception {
        ExecutorService pool = c.loadBalanced().asExecutorService();
        Future<Integer> f = pool.submit((Callable<Integer> & Serializable) () -> 6 * 7);
        assertThat(f.get()).isEqualTo(42);
        List<Future<String>> all = c.all().asExecutorService().invokeAll(List.of(
                (Callable<String> & Serializable) () -> "a", (Callable<String> & Serializable) () -> "b"));
        assertThat(all.get(0).get() + all.get(1).get()).isEqualTo("ab");
        assertThatThrownBy(() -> pool.submit(() -> 1)).hasMessageContaining("Serializable");
    }

    @Test
    void httpErrorsAreOneExceptionWithTheProblem() {
        assertThatThrownBy(() -> c.view(0, 9).applySync(() -> 1)).isInstanceOfSatisfying(BrambleApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).contains("engine 9 is not registered");
            assertThat(e.problem()).contains("\"field\":\"targets\"");
        });
        assertThatThrownBy(() -> c.all().applySync("no_such_function")).isInstanceOf(BrambleApiException.class)
                .hasMessageContaining("no worker offers the function 'no_such_function'");
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The size of a blob as the controller serves it, over plain HTTP. */
    private static long storedBytes(String hash) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(cluster.url + "/api/v1/blobs/" + hash)).header("Authorization", "Bearer " + cluster.clientKey).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body().length;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void purgedResultsAreForgottenAndUnfinishedWorkStays() throws Exception {
        AsyncResult<List<Integer>> done = c.all().applyAsync(() -> 7);
        assertThat(done.get()).containsExactly(7, 7, 7, 7);
        AsyncResult<List<Integer>> running = c.view(0).applyAsync(() -> {
            Thread.sleep(2_000);
            return 8;
        });
        assertThat(c.purgeResults(done).tasks()).isEqualTo(4);
        assertThatThrownBy(() -> c.purgeResults(done)).isInstanceOfSatisfying(BrambleApiException.class, e -> assertThat(e.status())
                .isEqualTo(404));
        assertThatThrownBy(() -> c.purgeResults(running)).isInstanceOfSatisfying(BrambleApiException.class, e -> assertThat(e.status())
                .isEqualTo(409));
        Client.Purged all = c.purgeResults((java.time.Instant) null);
        assertThat(all.tasks()).as("the jobs of the other tests, if any ran before").isNotNegative();
        assertThat(all.blobs()).as("the blobs of the last 10 minutes stay").isZero();
        assertThat(running.get()).containsExactly(8);
        assertThat(c.purgeResults(running).tasks()).isEqualTo(1);
    }

    @Test
    void waitForEnginesWaitsOrSaysHowManyCame() {
        assertThat(c.waitForEngines(4, Duration.ofSeconds(5))).isSameAs(c);
        assertThatThrownBy(() -> c.waitForEngines(5, Duration.ofMillis(500))).hasMessageContaining("only 4 of 5 engines");
    }

    @Test
    void aPushedArrayIsEachEnginesOwnWhoeverReadsIt() {
        // 800 KB: it travels as bytes, which the worker's engines share until each reads its own copy.
        double[] data = new java.util.SplittableRandom(11).doubles(100_000).toArray();
        DirectView two = c.slice(0, 2);
        two.push(Map.of("shared", data));
        c.engine(0).applySync(() -> {
            OnEngine.<double[]>get("shared")[0] = -1;
            return null;
        });
        assertThat(c.engine(0).<Double>applySync(() -> OnEngine.<double[]>get("shared")[0])).as("a change stays on its engine")
                .isEqualTo(-1.0);
        List<double[]> back = two.pull("shared");
        assertThat(back.get(0)[0]).isEqualTo(-1.0);
        assertThat(back.get(0)).endsWith(java.util.Arrays.copyOfRange(data, 1, data.length));
        assertThat(back.get(1)).as("the engine that never read it sends it back as pushed").isEqualTo(data);
        com.fasterxml.jackson.databind.JsonNode read = cluster.post("/api/v1/apply?wait=20",
                "{\"targets\": \"0:2\", \"expression\": \"shared[0]\"}").get("results");
        assertThat(read).as("an expression reads each engine's array too").hasSize(2);
        assertThat(read.get(0).asDouble()).isEqualTo(-1.0);
        assertThat(read.get(1).asDouble()).isEqualTo(data[0]);
        double[] changed = data.clone();
        changed[0] = -1;
        assertThat(two.<Double>applySync(() -> java.util.Arrays.stream(OnEngine.<double[]>get("shared")).sum()))
                .containsExactly(java.util.Arrays.stream(changed).sum(), java.util.Arrays.stream(data).sum());
        two.delete("shared");
    }

    @Test
    void aTenMegabyteArrayIsPushedAndPulledWhole() {
        double[] data = new java.util.SplittableRandom(4001).doubles(1_250_000).toArray();
        long t0 = System.nanoTime();
        c.slice(0, 2).push(Map.of("arr", data));
        List<double[]> back = c.slice(0, 2).pull("arr");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).isEqualTo(data);
        assertThat(back.get(1)).isEqualTo(data);
        System.out.println("push and pull of 10 MB to 2 engines: " + ms + " ms");
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(data.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        raw.asDoubleBuffer().put(data);
        assertThat(storedBytes(sha256(raw.array()))).as("the array sits at the controller as raw little-endian doubles")
                .isEqualTo(10_000_000);
    }
}
