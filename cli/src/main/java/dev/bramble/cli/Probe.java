package dev.bramble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Waits for a controller to come up and for its engines to register, by its connection file and HTTP. */
final class Probe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The connection file's url and key once the file was written after {@code since}. */
    record Connection(String url, String key) {
    }

    Connection awaitConnectionFile(Path file, Instant since, Process process, Path log, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            ensureAlive(process, "controller", log);
            try {
                if (Files.isRegularFile(file) && !Files.getLastModifiedTime(file).toInstant().isBefore(since.minusSeconds(1))) {
                    JsonNode n = JSON.readTree(file.toFile());
                    if (n.hasNonNull("url") && n.hasNonNull("key")) {
                        return new Connection(n.get("url").asText(), n.get("key").asText());
                    }
                }
            } catch (IOException e) {
                // being written; try again
            }
            sleep(20);
        }
        throw new LaunchException("the controller did not start within " + timeout.toSeconds() + " s; see " + log);
    }

    static Connection read(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return new Connection(n.get("url").asText(), n.get("key").asText());
        } catch (IOException | NullPointerException e) {
            throw new LaunchException(file + " is not a connection file (it needs url and key)");
        }
    }

    /** How many engines the controller lists, or -1 if it does not answer. */
    int engines(Connection c) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(c.url() + "/api/v1/engines"))
                    .header("Authorization", "Bearer " + c.key()).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            int active = 0;
            for (JsonNode e : JSON.readTree(r.body())) {
                if ("ACTIVE".equals(e.path("state").asText())) {
                    active++;
                }
            }
            return active;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void awaitEngines(Connection c, int n, Process worker, Path log, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            ensureAlive(worker, "worker", log);
            if (engines(c) >= n) {
                return;
            }
            sleep(50);
        }
        throw new LaunchException("the engines did not register within " + timeout.toSeconds() + " s; see " + log);
    }

    private static void ensureAlive(Process p, String what, Path log) {
        if (p != null && !p.isAlive()) {
            throw new LaunchException("the " + what + " stopped (exit code " + p.exitValue() + "): " + lastLine(log) + " (log: " + log + ")");
        }
    }

    static String lastLine(Path log) {
        try {
            var lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                if (l.contains("ERROR") || l.contains("Exception:") || l.startsWith("Caused by")) {
                    return l.strip();
                }
            }
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted", 130);
        }
    }
}
