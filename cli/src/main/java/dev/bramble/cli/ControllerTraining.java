package dev.bramble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What the controller's class-data training run does once it is up: one worker's round of the protocol
 * and one client's job over HTTP (register, submit, poll, report, wait for the job, list the engines,
 * deregister), so that the classes a real start's first registration and first task load are in the
 * archive too, not only those of the start itself.
 */
final class ControllerTraining {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Probe.Connection client;
    private final Probe.Connection engine;

    private ControllerTraining(Probe.Connection client, Probe.Connection engine) {
        this.client = client;
        this.engine = engine;
    }

    /** Waits for the controller's connection files (written since the instant), then goes through the round. */
    static void exercise(Path security, Instant since, Process controller, Path log, Duration timeout) throws IOException {
        Probe.Connection client = new Probe().awaitConnectionFile(security.resolve("controller-client.json"), since, controller.toHandle(), log,
                timeout);
        Probe.Connection engine = Probe.read(security.resolve("controller-engine.json"));
        int protocol = JSON.readTree(security.resolve("controller-engine.json").toFile()).path("protocolVersion").asInt();
        new ControllerTraining(client, engine).round(protocol);
    }

    private void round(int protocol) throws IOException {
        send("POST", "/api/v1/workers", engine, """
                {"workerId": "training", "host": "training", "engines": 1, "protocolVersion": %d, "functions": []}""".formatted(protocol));
        long job = send("POST", "/api/v1/apply", client, "{\"targets\": \"0\", \"expression\": \"1 + 1\"}").path("id").asLong();
        JsonNode assigned = send("POST", "/api/v1/workers/training/poll", engine,
                "{\"capacity\": [{\"engine\": 0, \"slots\": 1}], \"capacitySequence\": 1, \"waitMs\": 0}");
        long task = assigned.path("tasks").path(0).path("taskId").asLong();
        long answer = assigned.path("sequence").asLong();
        send("POST", "/api/v1/workers/training/poll", engine, """
                {"reports": [{"taskId": %d, "attempt": 1, "engine": 0, "outcome": "COMPLETED", "result": 2}],
                 "capacity": [{"engine": 0, "slots": 1}], "capacitySequence": 2, "waitMs": 0, "acks": [%d]}""".formatted(task, answer));
        send("GET", "/api/v1/jobs/" + job + "?wait=5", client, null);
        send("POST", "/api/v1/workers/training/heartbeat", engine, "{\"acks\": []}");
        send("GET", "/api/v1/engines", client, null);
        send("DELETE", "/api/v1/workers/training", engine, null);
    }

    private JsonNode send(String method, String path, Probe.Connection as, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(as.url() + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + as.key());
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + method + " " + path, e);
        }
    }
}
