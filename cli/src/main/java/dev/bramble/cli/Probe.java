package dev.bramble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Waits for a controller to come up and for its engines to register, by its connection file and HTTP. */
final class Probe {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The connection file's url and key once the file was written after {@code since}. */
    record Connection(String url, String key) {
    }

    Connection awaitConnectionFile(Path file, Instant since, ProcessHandle process, Path log, Duration timeout) {
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

    /**
     * How many engines the controller lists, or -1 if it does not answer. A plain {@link HttpURLConnection}:
     * the launcher asks while the services start, and the JDK's {@code HttpClient} takes about 0.25 s of CPU
     * to make and send its first request (it sets up TLS even for http), which the services need then.
     */
    int engines(Connection c) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(c.url() + "/api/v1/engines").toURL().openConnection();
            http.setConnectTimeout(2_000);
            http.setReadTimeout(5_000);
            http.setRequestProperty("Authorization", "Bearer " + c.key());
            if (http.getResponseCode() != 200) {
                http.disconnect();
                return -1;
            }
            int active = 0;
            try (InputStream body = http.getInputStream()) {
                for (JsonNode e : JSON.readTree(body)) {
                    if ("ACTIVE".equals(e.path("state").asText())) {
                        active++;
                    }
                }
            }
            return active;
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    void awaitEngines(Connection c, int n, ProcessHandle worker, Path log, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            ensureAlive(worker, "worker", log);
            if (engines(c) >= n) {
                return;
            }
            sleep(20);
        }
        throw new LaunchException("the engines did not register within " + timeout.toSeconds() + " s; see " + log);
    }

    private static void ensureAlive(ProcessHandle p, String what, Path log) {
        if (p != null && !p.isAlive()) {
            throw new LaunchException("the " + what + " stopped: " + lastLine(log) + " (log: " + log + ")");
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
