package dev.bramble.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Class-data sharing for the services: the JVM maps the classes a service loads at start-up from an
 * archive instead of reading, verifying and parsing them from the jar each time, which takes start-up
 * from about 5 s to about 3 s on a small machine. The first start after a build prepares the archive
 * once, beside the jar: the jar is extracted (nested jars cannot be archived) and the service is started
 * once, recording what it loads: the worker up to its start, the controller up to one round of work
 * ({@link ControllerTraining}). If preparing fails, services start from the jar as before.
 */
final class ClassDataSharing {

    private static final long TRAINING_SECONDS = 120;

    private ClassDataSharing() {
    }

    /** What follows the JVM options to start the service: the archive and the extracted jar, or the plain jar. */
    static List<String> launch(String service, Path jar, String jvmOptions, Log log) {
        try {
            Path dir = jar.toAbsolutePath().getParent().resolve("cds").resolve(service + "-" + Files.getLastModifiedTime(jar).toMillis()
                    + "-" + Files.size(jar));
            Path archive = dir.resolve("classes.jsa");
            Path extracted = dir.resolve("app").resolve(jar.getFileName());
            Path failed = dir.resolve("failed");
            if (Files.isRegularFile(failed)) {
                return List.of("-jar", jar.toString());
            }
            if (!Files.isRegularFile(archive)) {
                try {
                    prepare(service, jar, jvmOptions, dir, archive, extracted, log);
                } catch (IOException | RuntimeException e) {
                    // Once per build: a failed preparation is not repeated at every start.
                    Files.writeString(failed, e.getMessage() + System.lineSeparator());
                    throw e;
                }
            }
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", extracted.toString());
        } catch (IOException | RuntimeException e) {
            log.say("class-data sharing for the " + service + " is off: " + e.getMessage());
            return List.of("-jar", jar.toString());
        }
    }

    /** Where preparing says what it does. */
    interface Log {
        void say(String line);
    }

    private static void prepare(String service, Path jar, String jvmOptions, Path dir, Path archive, Path extracted, Log log)
            throws IOException {
        Files.createDirectories(dir);
        removeOlderBuilds(service, dir);
        try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (Files.isRegularFile(archive)) {
                return;
            }
            log.say("Preparing the " + service + "'s class-data archive (once per build)...");
            Path work = Files.createTempDirectory(dir, "training");
            try {
                run(List.of(Jvm.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                        extracted.getParent().toString()), work, "extract");
                Path partial = dir.resolve("classes.jsa.part");
                List<String> train = new ArrayList<>(List.of(Jvm.java()));
                train.addAll(Jvm.options(jvmOptions));
                train.addAll(Jvm.builtFor(service));
                train.add("-XX:ArchiveClassesAtExit=" + partial);
                train.addAll(List.of("-jar", extracted.toString()));
                train.addAll(trainingArguments(service, work));
                if (service.equals("controller")) {
                    trainController(train, work, log);
                } else {
                    // The worker stops after starting, through its own option.
                    run(train, work, "training run");
                }
                if (!Files.isRegularFile(partial)) {
                    throw new IOException("the training run wrote no archive");
                }
                Files.move(partial, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(work);
            }
        }
    }

    /** The archives of earlier builds of the service: their jars are gone, so nothing uses them any more. */
    private static void removeOlderBuilds(String service, Path current) throws IOException {
        try (var siblings = Files.list(current.getParent())) {
            siblings.filter(d -> d.getFileName().toString().startsWith(service + "-") && !d.equals(current)).forEach(d -> {
                try {
                    deleteTree(d);
                } catch (UncheckedIOException e) {
                    // In use by a running service of an earlier build: left for a later build to remove.
                }
            });
        }
    }

    /** A start-up that touches what a real one loads, without a profile, a port or a controller of its own. */
    private static List<String> trainingArguments(String service, Path work) throws IOException {
        if (service.equals("controller")) {
            // The default store, so that its classes (SQLite's driver) are in the archive too; the store is in the training's folder.
            return List.of("--server.port=0", "--server.address=127.0.0.1", "--bramble.store.kind=file");
        }
        Path file = work.resolve("controller-engine.json");
        Files.writeString(file, "{\"url\": \"http://127.0.0.1:9\", \"key\": \"training\", \"profile\": \"training\", \"protocolVersion\": 1}\n");
        // The data server listens on loopback: the usual address towards the controller needs one that answers.
        return List.of("--bramble.worker.file=" + file, "--bramble.worker.engines=1", "--bramble.worker.data-address=127.0.0.1",
                "--bramble.worker.exit-after-start");
    }

    /**
     * Starts the controller, goes through one round of work with it ({@link ControllerTraining}), then
     * stops it (SIGTERM: the JVM writes the archive as it exits). A round that fails still leaves the
     * archive of the start.
     */
    private static void trainController(List<String> command, Path work, Log say) throws IOException {
        Path log = work.resolve("training-run.log");
        Instant started = Instant.now();
        Process p = start(command, work, log);
        try {
            ControllerTraining.exercise(work.resolve("home").resolve("profile_default").resolve("security"), started, p, log,
                    Duration.ofSeconds(TRAINING_SECONDS));
        } catch (IOException | LaunchException e) {
            say.say("the controller's class-data training round failed, so its archive covers its start only: " + e.getMessage());
        } finally {
            p.destroy();
            awaitExit(p, "the training run");
        }
    }

    /** Waits for the process to end, up to the training time; kills it if it does not. */
    private static void awaitExit(Process p, String what) throws IOException {
        try {
            if (!p.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " took over " + TRAINING_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + what, e);
        }
    }

    private static Process start(List<String> command, Path work, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BRAMBLE_HOME", work.resolve("home").toString());
        return pb.start();
    }

    private static void run(List<String> command, Path work, String what) throws IOException {
        Path log = work.resolve(what.replace(' ', '-') + ".log");
        Process p = start(command, work, log);
        awaitExit(p, "the " + what);
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed with exit code " + p.exitValue() + ": " + Probe.lastLine(log));
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
