package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.security.ConnectionFiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A real controller on a random loopback port, with its own Bramble folder and the memory store: one per
 * test class (the folder is the class's, and workers one class registers would change what another sees).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"bramble.store.kind=memory",
        "bramble.limits.max-request-size=256KB", "bramble.limits.max-message-size=64KB"})
abstract class RunningController {

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry r) {
        r.add("bramble.home", () -> home.toString());
        // Tomcat's own folder in the build's: in the system's temporary folder (or the class's), the folder of a
        // controller stopped as the test JVM exits outlived it.
        r.add("server.tomcat.basedir", () -> Path.of("target", "tomcat").toAbsolutePath().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFiles files;

    /** An HTTP client of this controller, and its client and engine keys. */
    Http http;
    String client;
    String engine;

    @BeforeEach
    void connect() {
        http = http();
        client = files.keys().client();
        engine = files.keys().engine();
    }

    Http http() {
        return new Http("http://127.0.0.1:" + port);
    }

    /** Registers a worker whose engines offer echo and noop; returns the id of its first engine. */
    int registerWorker(String id, int engines) {
        Http.Answer a = http.post("/api/v1/workers", engine, """
                {"workerId": "%s", "host": "test", "engines": %d, "protocolVersion": %d, "functions": ["echo", "noop"]}"""
                .formatted(id, engines, Protocol.VERSION));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("engineIds").get(0).asInt();
    }

    /**
     * The tasks the worker's polls for its engine are given that the test wants, in the order of their ids,
     * once that many came or five seconds have passed. Other tests of a class may leave load-balanced tasks
     * queued, and a poll may be given those too.
     */
    List<JsonNode> assignedTasks(String workerId, int engineId, Predicate<JsonNode> wanted, int count) {
        SortedMap<Long, JsonNode> found = new TreeMap<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (found.size() < count && System.nanoTime() < deadline) {
            JsonNode tasks = http.post("/api/v1/workers/" + workerId + "/poll", engine, """
                    {"capacity": [{"engine": %d, "slots": 64}], "waitMs": 1000}""".formatted(engineId)).json().path("tasks");
            for (JsonNode t : tasks) {
                if (wanted.test(t)) {
                    found.put(t.get("taskId").asLong(), t);
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * How many requests the request metrics counted under the path pattern, once they count at least
     * {@code expected} or five seconds have passed. A request is counted when the filter in front of all
     * others returns, which may be just after its client has read the whole answer (the container sends
     * an answer of known length as soon as its last byte is written).
     */
    double requestCountReaching(String pattern, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        double count = requestCount(pattern);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            count = requestCount(pattern);
        }
        return count;
    }

    /** How many requests the request metrics counted under the path pattern (0 before the first). */
    double requestCount(String pattern) {
        String tag = URLEncoder.encode("uri:" + pattern, StandardCharsets.UTF_8);
        Http.Answer metric = http.get("/actuator/metrics/http.server.requests?tag=" + tag, client);
        if (metric.status() == 404) {
            return 0;
        }
        assertThat(metric.status()).as(metric.body()).isEqualTo(200);
        for (JsonNode m : metric.json().get("measurements")) {
            if (m.get("statistic").asString().equals("COUNT")) {
                return m.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + metric.body());
    }

    /** A problem answer with the status, and the title unless it is null. */
    static void assertProblem(Http.Answer a, int status, String title) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).as(a.body()).startsWith("application/problem+json");
        if (title != null) {
            assertThat(a.json().get("title").asString()).isEqualTo(title);
        }
    }
}
