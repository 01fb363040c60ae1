package dev.bramble.controller.api;

import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.task.BlobNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Bulk values as opaque bytes under their SHA-256: files in the profile's {@code blobs} folder, or in
 * memory with the memory store. The controller never reads what they hold. Bodies are hashed as they
 * arrive and, on the file store, go to disk without being held in memory; files are sent back as they
 * are read.
 *
 * <p>A blob stays until a purge finds that nothing names it any more ({@link #sweep}) and that it arrived
 * more than {@code bramble.store.blob-grace} before (a client sends a job's blobs before the job). On the
 * memory store, blobs together may take at most {@code bramble.limits.memory-store-blobs} (a quarter of the
 * heap unless set); a blob beyond that is refused (507) rather than taking the controller down.
 *
 * <p>An engine reports a bulk result before its bytes have arrived here (the worker serves them to the
 * client meanwhile and sends them on); a read of such an expected blob waits for it, up to {@link
 * #EXPECTED_FOR_SECONDS}.
 */
@Component
class Blobs {

    /** How long a read waits for a blob an engine announced; after that it is a 404 like any missing blob. */
    static final long EXPECTED_FOR_SECONDS = 60;

    private final Clock clock;
    private final Path dir;
    /** On the file store, held while a blob's file is put in place, and while a sweep looks at one and deletes it. */
    private final Object files = new Object();
    /** Held by a sweep: two at once would only look through the same blobs twice. */
    private final Object sweeping = new Object();
    private final Map<String, Held> memory = new ConcurrentHashMap<>();
    private final long memoryLimit;
    /** The bytes of the memory store's blobs, and of those being read into it. */
    private final AtomicLong memoryBytes = new AtomicLong();
    /** Announced blobs still on their way, completed when they arrive (or when the wait ends). */
    private final Map<String, CompletableFuture<Void>> expected = new ConcurrentHashMap<>();

    /** A blob of the memory store, and when it last arrived. */
    private record Held(byte[] bytes, Instant arrived) {
    }

    Blobs(Clock clock, BrambleProperties properties) {
        this.clock = clock;
        this.dir = properties.store().kind().equals("memory") ? null : properties.profileDir().resolve("blobs");
        this.memoryLimit = properties.limits().memoryStoreBlobsBytes();
    }

    /** Stores the body if its SHA-256 is the hash; returns its size. */
    long put(String hash, InputStream body, long declaredLength) {
        try (body) {
            long size = dir == null ? putInMemory(hash, body, declaredLength) : putInFile(hash, body);
            arrived(hash);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + hash, e);
        }
    }

    /** An engine announced the blob: it is on its way (unless it is here already). */
    void expect(String hash) {
        if (get(hash).isPresent()) {
            return;
        }
        expected.computeIfAbsent(hash, h -> {
            CompletableFuture<Void> wait = new CompletableFuture<>();
            wait.completeOnTimeout(null, EXPECTED_FOR_SECONDS, TimeUnit.SECONDS).whenComplete((v, e) -> expected.remove(h, wait));
            return wait;
        });
        if (get(hash).isPresent()) {
            // It arrived between the first look and the announcement.
            arrived(hash);
        }
    }

    private void arrived(String hash) {
        CompletableFuture<Void> wait = expected.remove(hash);
        if (wait != null) {
            wait.complete(null);
        }
    }

    /** The blob when it is here, or once an announced one arrived; empty if it is not here and not coming. */
    CompletableFuture<Optional<Resource>> read(String hash) {
        Optional<Resource> now = get(hash);
        CompletableFuture<Void> wait = now.isPresent() ? null : expected.get(hash);
        return wait == null ? CompletableFuture.completedFuture(now) : wait.thenApply(v -> get(hash));
    }

    private long putInMemory(String hash, InputStream body, long declaredLength) throws IOException {
        Held held = memory.get(hash);
        if (held != null) {
            // Checked as any body is, but not held a second time; it arrived again, so a sweep lets it be for longer.
            DigestInputStream in = new DigestInputStream(body, digest());
            in.transferTo(OutputStream.nullOutputStream());
            check(hash, in.getMessageDigest().digest());
            memory.replace(hash, held, new Held(held.bytes, clock.instant()));
            return held.bytes.length;
        }
        long reserved = Math.max(declaredLength, 0);
        if (memoryBytes.addAndGet(reserved) > memoryLimit) {
            memoryBytes.addAndGet(-reserved);
            throw full(reserved);
        }
        boolean kept = false;
        try {
            byte[] bytes = readInMemory(hash, body, declaredLength, memoryLimit - memoryBytes.get());
            long extra = bytes.length - reserved;
            if (extra > 0 && memoryBytes.addAndGet(extra) > memoryLimit) {
                memoryBytes.addAndGet(-extra);
                throw full(extra);
            }
            reserved = Math.max(reserved, bytes.length);
            kept = memory.putIfAbsent(hash, new Held(bytes, clock.instant())) == null;
            return bytes.length;
        } finally {
            if (!kept) {
                memoryBytes.addAndGet(-reserved);
            }
        }
    }

    /** The refusal of a blob that would take the memory store's blobs beyond their limit by that many bytes. */
    private SchedulerException full(long more) {
        return new SchedulerException(SchedulerException.Kind.FULL, null, null, String.format(Locale.ROOT,
                "the memory store holds %.1f MB of blobs, and %.1f MB more would be over its limit of %.1f MB"
                        + " (bramble.limits.memory-store-blobs); purge finished work (DELETE /api/v1/tasks) to let go of the blobs"
                        + " that only it names, or use the file store for bulk data", memoryBytes.get() / 1e6, more / 1e6,
                memoryLimit / 1e6));
    }

    /** The body, checked; one of undeclared length is read up to the room left, and refused beyond it. */
    private byte[] readInMemory(String hash, InputStream body, long declaredLength, long room) throws IOException {
        byte[] bytes;
        if (declaredLength < 0) {
            bytes = body.readNBytes((int) Math.min(Math.max(room, 0) + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > room) {
                throw full(bytes.length);
            }
        } else if (declaredLength <= Integer.MAX_VALUE - 8) {
            // Straight into one array: readNBytes(int) reads a large body in 8 KiB pieces and copies them again.
            bytes = new byte[(int) declaredLength];
            int n = body.readNBytes(bytes, 0, bytes.length);
            if (n != declaredLength || body.read() >= 0) {
                throw SchedulerException.badRequest("body", n, "the body is not the " + declaredLength + " bytes its Content-Length declares");
            }
        } else {
            bytes = body.readAllBytes();
        }
        check(hash, digest().digest(bytes));
        return bytes;
    }

    private long putInFile(String hash, InputStream body) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, hash, ".part");
        try {
            DigestInputStream in = new DigestInputStream(body, digest());
            long size;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                size = copy(in, out);
            }
            check(hash, in.getMessageDigest().digest());
            synchronized (files) {
                Files.move(tmp, dir.resolve(hash), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies in large steps: 8 KiB steps (InputStream.transferTo) took about three times as long for 10 MB. */
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            size += n;
        }
        return size;
    }

    private static void check(String hash, byte[] digest) {
        String actual = HexFormat.of().formatHex(digest);
        if (!actual.equals(hash)) {
            throw SchedulerException.badRequest("hash", hash, "the body's SHA-256 is " + actual + ", not " + hash);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lets go of the blobs that arrived before the instant, that no engine announced and that are not among
     * the names (asked for only when some blob is that old); returns how many went.
     */
    int sweep(Supplier<Set<String>> named, Instant arrivedBefore) {
        synchronized (sweeping) {
            List<String> old = new ArrayList<>();
            if (dir == null) {
                memory.forEach((hash, held) -> {
                    if (held.arrived.isBefore(arrivedBefore) && !expected.containsKey(hash)) {
                        old.add(hash);
                    }
                });
            } else if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
                    for (Path file : all) {
                        String hash = file.getFileName().toString();
                        if (BlobNames.isName(hash) && !expected.containsKey(hash) && arrivedBefore(file, arrivedBefore)) {
                            old.add(hash);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot look through the blobs in " + dir, e);
                }
            }
            if (old.isEmpty()) {
                return 0;
            }
            Set<String> keep = named.get();
            int gone = 0;
            for (String hash : old) {
                if (!keep.contains(hash) && delete(hash, arrivedBefore)) {
                    gone++;
                }
            }
            return gone;
        }
    }

    /** Deletes the blob if it last arrived before the instant: one sent again meanwhile stays. */
    private boolean delete(String hash, Instant before) {
        if (dir == null) {
            Held held = memory.get(hash);
            if (held != null && held.arrived.isBefore(before) && memory.remove(hash, held)) {
                memoryBytes.addAndGet(-held.bytes.length);
                return true;
            }
            return false;
        }
        Path file = dir.resolve(hash);
        synchronized (files) {
            try {
                return arrivedBefore(file, before) && Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete blob " + hash, e);
            }
        }
    }

    private static boolean arrivedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException e) {
            return false; // gone meanwhile, or not readable: not this sweep's to delete
        }
    }

    /** The blob, ready to be sent: a file is streamed from disk, not read into memory first. */
    private Optional<Resource> get(String hash) {
        if (dir == null) {
            Held held = memory.get(hash);
            return Optional.ofNullable(held == null ? null : new ByteArrayResource(held.bytes));
        }
        Path file = dir.resolve(hash);
        return Files.isRegularFile(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }
}
