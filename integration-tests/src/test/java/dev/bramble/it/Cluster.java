package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A controller and workers as real processes from the built jars, in a folder of their own, on a random
 * loopback port. Closing it kills every process it started.
 */
final class Cluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Process controller;
    String url;
    String clientKey;
    int port;

    Cluster(Path home) {
        this.home = home;
    }

    static Path root() {
        return Path.of(System.getProperty("bramble.root", "..")).toAbsolutePath().normalize();
    }

    static Path jar(String service) {
        Path jar = root().resolve(service + "-service/target/bramble-" + service + ".jar");
        assertThat(jar).as("the packaged service (run mvn verify, which packages before these tests)").isRegularFile();
        return jar;
    }

    Path log(String name) {
        return home.resolve("logs").resolve(name + ".log");
    }

    private Process start(String name, List<String> args) {
        return start(name, List.of(), args);
    }

    /** The process with the tests' JVM options, then its own (the later of two -Xmx wins), then the jar and its arguments. */
    private Process start(String name, List<String> jvm, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(JVM);
        cmd.addAll(jvm);
        // The embedded Tomcat's folders of a killed controller stay in the test's folder, not in /tmp.
        cmd.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
        if (name.startsWith("controller")) {
            // As the launcher starts it: with the bean definitions its build prepared (Spring AOT).
            cmd.add("-Dspring.aot.enabled=true");
        }
        cmd.add("-jar");
        cmd.addAll(args);
        try {
            Files.createDirectories(log(name).getParent());
            Files.createDirectories(home.resolve("tmp"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
            pb.environment().put("BRAMBLE_HOME", home.toString());
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the controller (port 0: any free one) and waits until it wrote its connection files. */
    Cluster startController(String store, int port, String... more) {
        Path file = home.resolve("profile_default/security/controller-client.json");
        Instant started = Instant.now();
        List<String> args = new ArrayList<>(List.of(jar("controller").toString(), "--server.port=" + port, "--bramble.store.kind=" + store,
                "--bramble.scheduler.heartbeat-timeout=3s", "--bramble.scheduler.heartbeat-interval=500ms"));
        args.addAll(List.of(more));
        controller = start("controller", args);
        await(Duration.ofSeconds(60), "the controller to write " + file, () -> {
            try {
                return Files.isRegularFile(file) && !Files.getLastModifiedTime(file).toInstant().isBefore(started.minusSeconds(1))
                        && JSON.readTree(file.toFile()).hasNonNull("url");
            } catch (IOException e) {
                return false;
            }
        }, controller, "controller");
        try {
            JsonNode c = JSON.readTree(file.toFile());
            url = c.get("url").asText();
            clientKey = c.get("key").asText();
            this.port = URI.create(url).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts another controller on this cluster's folder (the file store, any free port), without waiting for it. */
    Process startAnotherController(String name) {
        return start(name, List.of(jar("controller").toString(), "--server.port=0", "--bramble.store.kind=file"));
    }

    /** Starts a worker process with n engines and waits until the controller lists them. */
    Process startWorker(String name, int engines, String... more) {
        return startWorker(name, engines, List.of(), more);
    }

    /** Starts a worker process with n engines and JVM options of its own (a heap), and waits until the controller lists them. */
    Process startWorker(String name, int engines, List<String> jvm, String... more) {
        int before = activeEngines();
        List<String> args = new ArrayList<>(List.of(jar("worker").toString(), "--bramble.worker.engines=" + engines));
        args.addAll(List.of(more));
        Process w = start(name, jvm, args);
        await(Duration.ofSeconds(60), name + "'s engines to register", () -> activeEngines() >= before + engines, w, name);
        return w;
    }

    int activeEngines() {
        int n = 0;
        for (JsonNode e : get("/api/v1/engines")) {
            if (e.get("state").asText().equals("ACTIVE")) {
                n++;
            }
        }
        return n;
    }

    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), 200);
    }

    JsonNode post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), 201);
    }

    /** Any request with the client key, answered as it is (no status expected). */
    HttpResponse<String> request(String method, String path, String json) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + clientKey)
                    .timeout(Duration.ofSeconds(120));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            return http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DELETE, answering with the status and the body. */
    JsonNode delete(String path, int expected) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE(), expected);
    }

    /** POSTs without a body (cancel, resubmit). */
    JsonNode send(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    private JsonNode send(HttpRequest.Builder b, int expected) {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + clientKey).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isIn(expected >= 400 ? List.of(expected) : List.of(200, expected));
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the job until it is finished (bounded), returning it with its results. */
    JsonNode awaitJob(long jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = get("/api/v1/jobs/" + jobId + "?wait=5");
        while (job.get("state").asText().equals("RUNNING") && Instant.now().isBefore(deadline)) {
            job = get("/api/v1/jobs/" + jobId + "?wait=5");
        }
        return job;
    }

    /** A gauge or counter of the controller's Prometheus page; -1 if it is not there. */
    double metric(String name) {
        try {
            for (String line : request("GET", "/actuator/prometheus", null).body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    void await(Duration timeout, String what, BooleanSupplier condition, Process process, String name) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " while waiting for " + what + "; log: " + tail(log(name)));
            }
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError notYet) {
                // not up yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; log: " + (name == null ? "" : tail(log(name))));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
