package dev.bramble.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A controller's connection file ({@code controller-client.json} or {@code controller-engine.json}): its
 * URL and a key.
 *
 * @param url the controller's base URL
 * @param key the bearer key
 * @param profile the profile that wrote it
 * @param protocolVersion the wire protocol the controller speaks
 */
public record ConnectionFile(URI url, String key, String profile, int protocolVersion) {

    /** Checks that url and key are present. */
    public ConnectionFile {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(key, "key");
    }

    /** The default Bramble folder: {@code $BRAMBLE_HOME}, else {@code ~/.bramble}. */
    public static Path home() {
        String env = System.getenv("BRAMBLE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".bramble");
    }

    /** Where a profile keeps its connection files. */
    public static Path securityDir(String profile) {
        return home().resolve("profile_" + profile).resolve("security");
    }

    /**
     * Reads a connection file.
     *
     * @throws IllegalArgumentException if the file is missing or lacks url or key, with a message that says so
     */
    public static ConnectionFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no connection file at " + file + "; start a controller (./bramble controller) or copy its "
                    + "connection file there");
        }
        try {
            JsonNode node = new ObjectMapper().readTree(file.toFile());
            JsonNode url = node.get("url");
            JsonNode key = node.get("key");
            if (url == null || key == null || url.asText().isBlank() || key.asText().isBlank()) {
                throw new IllegalArgumentException(file + " is not a connection file: it needs \"url\" and \"key\"");
            }
            JsonNode profile = node.get("profile");
            JsonNode version = node.get("protocolVersion");
            return new ConnectionFile(URI.create(url.asText()), key.asText(), profile == null ? "default" : profile.asText(),
                    version == null ? 0 : version.asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connection file " + file, e);
        }
    }
}
