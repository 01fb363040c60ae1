package dev.bramble.controller.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The profile's security folder: the two keys, kept across restarts, and the connection files that
 * carry them with the controller's URL to clients and workers.
 */
public final class ConnectionFiles {

    public static final String CLIENT_FILE = "controller-client.json";
    public static final String ENGINE_FILE = "controller-engine.json";

    /** The two keys. */
    public record Keys(String client, String engine) {
    }

    private final Path dir;
    private final String profile;
    private final JsonMapper json;
    private final Keys keys;

    public ConnectionFiles(Path dir, String profile, JsonMapper json) {
        this.dir = dir;
        this.profile = profile;
        this.json = json;
        this.keys = loadOrCreate();
    }

    public Keys keys() {
        return keys;
    }

    public Path dir() {
        return dir;
    }

    private Keys loadOrCreate() {
        String client = readKey(dir.resolve(CLIENT_FILE));
        String engine = readKey(dir.resolve(ENGINE_FILE));
        if (client != null && engine != null && !client.equals(engine)) {
            return new Keys(client, engine);
        }
        SecureRandom random = new SecureRandom();
        return new Keys(newKey(random), newKey(random));
    }

    private String readKey(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = json.readTree(file.toFile());
            JsonNode key = node.get("key");
            return key == null || key.asString().length() < 32 ? null : key.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String newKey(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes both files for a controller reachable at the URL. */
    public void publish(String url, int protocolVersion) {
        write(CLIENT_FILE, url, keys.client(), protocolVersion);
        write(ENGINE_FILE, url, keys.engine(), protocolVersion);
    }

    private void write(String name, String url, String key, int protocolVersion) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("url", url);
        content.put("key", key);
        content.put("profile", profile);
        content.put("protocolVersion", protocolVersion);
        try {
            Files.createDirectories(dir);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path tmp = posix
                    ? Files.createTempFile(dir, name, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, name, ".tmp");
            Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the connection file " + dir.resolve(name), e);
        }
    }

    /** The host to write into connection files: the bound address, or a LAN address when bound to all. */
    public static String advertisedHost(InetAddress bound, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (bound != null && !bound.isAnyLocalAddress()) {
            return bound.getHostAddress();
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list the network interfaces", e);
        }
        return "127.0.0.1";
    }
}
