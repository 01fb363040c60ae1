package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.AsyncResult;
import dev.bramble.client.Client;
import dev.bramble.client.Fn0;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SDK when processes die, and when two clients ship different versions of the same class. */
@Timeout(240)
class SdkResilienceTest {

    @TempDir
    Path home;

    @TempDir
    Path build;

    private Client client(Cluster c) {
        return Client.connect(home.resolve("profile_default/security/controller-client.json"));
    }

    @Test
    void anAsyncResultRidesOutAControllerRestart() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("file", 0)) {
            cluster.startWorker("worker", 2);
            try (Client c = client(cluster)) {
                AsyncResult<List<Integer>> r = c.loadBalanced().withChunkSize(1).mapAsync(Work.slowInc(20), Client.range(200));
                cluster.await(Duration.ofSeconds(30), "some progress", () -> r.progress().finished() >= 40, null, null);
                Cluster.kill9(cluster.controller);
                Thread.sleep(1_000);
                cluster.startController("file", cluster.port);
                assertThat(r.get(Duration.ofSeconds(120))).isEqualTo(IntStream.rangeClosed(1, 200).boxed().toList());
            }
        }
    }

    @Test
    void aMapFinishesWhenAWorkerIsKilled() throws Exception {
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            Process doomed = cluster.startWorker("a", 2);
            cluster.startWorker("b", 2);
            try (Client c = client(cluster)) {
                AsyncResult<List<Integer>> r = c.loadBalanced().withChunkSize(1).mapAsync(Work.slowInc(10), Client.range(400));
                cluster.await(Duration.ofSeconds(30), "some progress", () -> r.progress().finished() >= 80, null, null);
                Cluster.kill9(doomed);
                assertThat(r.get(Duration.ofSeconds(120))).isEqualTo(IntStream.rangeClosed(1, 400).boxed().toList());
                assertThat(r.metadata()).anySatisfy(m -> assertThat(m.attempts()).isGreaterThan(1));
            }
        }
    }

    @Test
    void twoClientsWithDifferentVersionsOfAClassDoNotMeet() throws Exception {
        ClassLoader v1 = compile("v1");
        ClassLoader v2 = compile("v2");
        try (Cluster cluster = new Cluster(home).startController("memory", 0)) {
            cluster.startWorker("worker", 1);
            Path file = home.resolve("profile_default/security/controller-client.json");
            try (Client one = Client.builder().connectionFile(file).classLoader(v1).connect();
                    Client two = Client.builder().connectionFile(file).classLoader(v2).connect()) {
                Fn0<String> greetOne = greeting(v1);
                Fn0<String> greetTwo = greeting(v2);
                assertThat(one.engine(0).applySync(greetOne)).isEqualTo("hello from v1");
                assertThat(two.engine(0).applySync(greetTwo)).isEqualTo("hello from v2");
                assertThat(one.engine(0).applySync(greetOne)).isEqualTo("hello from v1");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Fn0<String> greeting(ClassLoader loader) throws Exception {
        return (Fn0<String>) loader.loadClass("demo.Caller").getMethod("greet").invoke(null);
    }

    /** Compiles demo.Greeter (saying the version) and demo.Caller (a lambda calling it) into a loader of their own. */
    private ClassLoader compile(String version) throws Exception {
        Path src = Files.createDirectories(build.resolve(version + "/src/demo"));
        Files.writeString(src.resolve("Greeter.java"), """
                package demo;
                public final class Greeter {
                    public static String hello() { return "hello from %s"; }
                }
                """.formatted(version));
        Files.writeString(src.resolve("Caller.java"), """
                package demo;
                import dev.bramble.client.Fn0;
                public final class Caller {
                    public static Fn0<String> greet() { return () -> Greeter.hello(); }
                }
                """);
        Path classes = Files.createDirectories(build.resolve(version + "/classes"));
        Path sdk;
        try (Stream<Path> jars = Files.list(Cluster.root().resolve("client-sdk/target"))) {
            sdk = jars.filter(p -> p.getFileName().toString().matches("bramble-client-sdk-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow();
        }
        int code = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", sdk.toString(), "-d", classes.toString(),
                src.resolve("Greeter.java").toString(), src.resolve("Caller.java").toString());
        assertThat(code).isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, SdkResilienceTest.class.getClassLoader());
    }
}
