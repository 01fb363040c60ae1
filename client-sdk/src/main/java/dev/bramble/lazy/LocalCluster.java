package dev.bramble.lazy;

import dev.bramble.client.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private cluster on this machine for {@link Scheduler#processes}: a controller (memory store,
 * loopback, a free port) and n worker JVMs of one engine each, started from Bramble's own jars, kept
 * until closed or until this JVM exits.
 */
final class LocalCluster implements AutoCloseable {

    private static final List<String> JVM = List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final Client client;
    private final Thread hook = new Thread(this::stop, "bramble-local-cluster-stop");

    LocalCluster(int workers) {
        Path root = root();
        try {
            home = Files.createTempDirectory("bramble-local-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the local cluster", e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path file = home.resolve("profile_default/security/controller-client.json");
            start("controller", root.resolve("controller-service/target/bramble-controller.jar"), "-Xmx256m",
                    "--server.port=0", "--server.address=127.0.0.1", "--bramble.store.kind=memory");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.isRegularFile(file) || Files.size(file) == 0) {
                if (System.nanoTime() > deadline || !processes.get(0).isAlive()) {
                    throw new IllegalStateException("the local cluster's controller did not start; its log: " + home.resolve("controller.log"));
                }
                Thread.sleep(50);
            }
            for (int i = 0; i < workers; i++) {
                start("worker-" + i, root.resolve("worker-service/target/bramble-worker.jar"), "-Xmx192m", "--bramble.worker.engines=1");
            }
            client = connect(file);
            client.waitForEngines(workers, Duration.ofSeconds(90));
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start the local cluster", e);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local cluster", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** A client of the cluster; the file may still be half written for a moment, so reading is retried. */
    private static Client connect(Path file) throws InterruptedException {
        RuntimeException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return Client.connect(file);
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    Client client() {
        return client;
    }

    private void start(String name, Path jar, String heap, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build Bramble first (./bramble rebuild)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add(heap);
        cmd.addAll(JVM);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile()));
        pb.environment().put("BRAMBLE_HOME", home.toString());
        processes.add(pb.start());
    }

    /**
     * Where Bramble is: the system property {@code bramble.root}, else the environment variable
     * {@code BRAMBLE_ROOT}, else the nearest folder upwards from the working directory that has the
     * launcher and the built jars.
     */
    static Path root() {
        String given = System.getProperty("bramble.root", System.getenv("BRAMBLE_ROOT"));
        if (given != null) {
            return Paths.get(given);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("worker-service/target/bramble-worker.jar")) && Files.isRegularFile(p.resolve("bramble"))) {
                return p;
            }
        }
        throw new IllegalStateException("Scheduler.processes needs Bramble's jars: run from the Bramble folder, or set the system"
                + " property bramble.root (or BRAMBLE_ROOT) to it");
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs stop() again, harmlessly.
        }
    }

    private synchronized void stop() {
        if (client != null) {
            client.close();
        }
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is not worth failing for.
        }
    }
}
