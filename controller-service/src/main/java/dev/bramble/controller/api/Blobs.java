package dev.bramble.controller.api;

import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.SchedulerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Bulk values as opaque bytes under their SHA-256: files in the profile's {@code blobs} folder, or in
 * memory with the memory store. The controller never reads what they hold.
 */
@Component
class Blobs {

    private final Path dir;
    private final Map<String, byte[]> memory = new ConcurrentHashMap<>();

    Blobs(BrambleProperties properties) {
        this.dir = properties.store().kind().equals("memory") ? null : properties.profileDir().resolve("blobs");
    }

    void put(String hash, byte[] bytes) {
        String actual = Bundles.sha256(bytes);
        if (!actual.equals(hash)) {
            throw SchedulerException.badRequest("hash", hash, "the body's SHA-256 is " + actual + ", not " + hash);
        }
        if (dir == null) {
            memory.putIfAbsent(hash, bytes);
            return;
        }
        Path file = dir.resolve(hash);
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, hash, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + hash, e);
        }
    }

    Optional<byte[]> get(String hash) {
        if (dir == null) {
            return Optional.ofNullable(memory.get(hash));
        }
        Path file = dir.resolve(hash);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + hash, e);
        }
    }
}
