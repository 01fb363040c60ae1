package dev.bramble.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A profile folder ({@code ~/.bramble/profile_NAME}): its config file, connection files, store and
 * logs. The config file holds launcher settings (ip, port, store, engines, JVM options) and any Spring
 * property of the controller ({@code bramble.*}, {@code server.*}, ...).
 */
final class Profile {

    static final String CONFIG = "bramble.properties";

    final String name;
    final Path dir;
    private final Properties config = new Properties();

    private Profile(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    static Path home() {
        String env = System.getenv("BRAMBLE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".bramble");
    }

    static Profile load(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new LaunchException("profile name '" + name + "' may only have letters, digits, '.', '_' and '-'", 2);
        }
        Profile p = new Profile(name, home().resolve("profile_" + name));
        Path file = p.dir.resolve(CONFIG);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.config.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    Path security() {
        return dir.resolve("security");
    }

    Path clientFile() {
        return security().resolve("controller-client.json");
    }

    Path engineFile() {
        return security().resolve("controller-engine.json");
    }

    Path logs() {
        return dir.resolve("log");
    }

    String get(String key, String fallback) {
        String v = config.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    /** The config lines meant for the controller itself, as {@code --key=value} arguments. */
    List<String> controllerProperties() {
        List<String> out = new ArrayList<>();
        for (String key : config.stringPropertyNames().stream().sorted().toList()) {
            if (key.startsWith("bramble.") || key.startsWith("server.") || key.startsWith("management.") || key.startsWith("spring.")
                    || key.startsWith("logging.")) {
                out.add("--" + key + "=" + config.getProperty(key).strip());
            }
        }
        return out;
    }

    /** Writes a new profile folder with a commented config file. */
    static Profile create(String name) {
        Profile p = load(name);
        Path file = p.dir.resolve(CONFIG);
        if (Files.exists(file)) {
            throw new LaunchException("profile '" + name + "' exists already: " + file);
        }
        try {
            Files.createDirectories(p.dir);
            Files.writeString(file, template(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return p;
    }

    private static String template(String name) {
        return """
                # Bramble profile '%s'.
                # Settings of ./bramble cluster|controller|worker --profile %s. Flags on the command line win.

                # The address the controller listens on. 127.0.0.1 accepts this machine only (the default);
                # * accepts every interface, so workers and clients on other machines can connect
                # (ipyparallel's c.HubFactory.ip='*').
                #ip=*

                # The controller's port; 0 picks a free one (the connection files always say which).
                #port=8642

                # Where tasks are kept: file (embedded, survives restarts; the default), memory,
                # or a PostgreSQL JDBC URL such as jdbc:postgresql://db-host/bramble (then also set
                # bramble.store.username and bramble.store.password).
                #store=file

                # Engines per worker for ./bramble cluster start and ./bramble worker (default: one per core).
                #engines=4

                # The host written into connection files when listening on every interface (default: a LAN address).
                #bramble.advertised-host=pi-0.local

                # Heartbeats: a worker silent for the timeout is lost and its tasks run elsewhere.
                #bramble.scheduler.heartbeat-interval=1s
                #bramble.scheduler.heartbeat-timeout=10s
                # After a controller restart, how long the workers it remembers have to come back.
                #bramble.scheduler.reconnect-grace=60s

                # The largest blob body the controller accepts (streamed to disk), and the largest of any
                # other request (read into memory; send bulk values as blobs, as the SDK does).
                #bramble.limits.max-request-size=256MB
                #bramble.limits.max-message-size=16MB
                # A purge (DELETE /api/v1/tasks) lets go of the blobs that no remaining task names, once
                # they arrived this long before (a client sends a job's blobs before the job).
                #bramble.store.blob-grace=10m

                # What the tasks in memory may take with their arguments and output, about 500 bytes a
                # task besides its values (default: an eighth of the controller's heap): finished jobs
                # beyond it live on in the store only, new jobs beyond it are refused with 503 until
                # tasks finish, and a large graph's parts may take twice as much.
                #bramble.scheduler.task-memory=48MB

                # JVM settings of the processes the launcher starts. The defaults suit a Raspberry Pi;
                # the JVM's own default heap is a quarter of the machine's memory.
                #controller.jvm-options=%s
                #worker.jvm-options=%s
                """.formatted(name, name, Jvm.CONTROLLER_DEFAULTS, Jvm.WORKER_DEFAULTS);
    }
}
