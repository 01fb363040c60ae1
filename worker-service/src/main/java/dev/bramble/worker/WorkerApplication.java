package dev.bramble.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A Bramble worker: hosts engines on this machine and runs what the controller hands them. A plain
 * Java program (no application framework), so that it starts in a fraction of a second and stays small
 * on a Raspberry Pi. Options keep the {@code --bramble.worker.name=value} form of the properties.
 */
@Command(name = "bramble-worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Hosts engines on this machine and runs what the controller hands them.")
public final class WorkerApplication implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(WorkerApplication.class);

    @Option(names = "--bramble.worker.file", paramLabel = "FILE",
            description = "The controller's engine connection file (default: the profile's controller-engine.json).")
    Path file;

    @Option(names = "--bramble.worker.profile", paramLabel = "NAME", defaultValue = "default",
            description = "The profile whose connection file to use when no file is given (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--bramble.worker.engines", paramLabel = "N", defaultValue = "0",
            description = "How many engines to host; 0 means one per processor (default: ${DEFAULT-VALUE}).")
    int engines;

    @Option(names = "--bramble.worker.plugins", paramLabel = "DIR", description = "A folder of jars with more functions.")
    Path plugins;

    @Option(names = "--bramble.worker.max-prefetch", paramLabel = "N", defaultValue = "256",
            description = "The most tasks an engine holds at once (default: ${DEFAULT-VALUE}).")
    int maxPrefetch;

    @Option(names = "--bramble.worker.target-batch", paramLabel = "TIME", defaultValue = "50ms", converter = DurationConverter.class,
            description = "How much work, in time, an engine asks for at once (default: ${DEFAULT-VALUE}).")
    Duration targetBatch;

    @Option(names = "--bramble.worker.poll-wait", paramLabel = "TIME", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long a poll waits at the controller for work (default: ${DEFAULT-VALUE}).")
    Duration pollWait;

    @Option(names = "--bramble.worker.timeout-grace", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long a task may ignore an interrupt before its engine gets a new thread (default: ${DEFAULT-VALUE}).")
    Duration timeoutGrace;

    @Option(names = "--bramble.worker.file-written-since", paramLabel = "INSTANT",
            description = "Wait for the connection file to be written at or after this instant (ISO-8601).")
    Instant fileWrittenSince;

    @Option(names = "--bramble.worker.data-address", paramLabel = "ADDR",
            description = "The address the data server listens on and announces (default: this machine's address towards the controller).")
    String dataAddress;

    @Option(names = "--bramble.worker.data-port", paramLabel = "PORT", defaultValue = "0",
            description = "The data server's port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int dataPort;

    @Option(names = "--bramble.worker.exit-after-start", hidden = true,
            description = "Start everything, then stop at once (the launcher's class-data training run).")
    boolean exitAfterStart;

    public static void main(String[] args) {
        WorkerApplication app = new WorkerApplication();
        int code = new CommandLine(app).setExecutionExceptionHandler((e, line, parsed) -> {
            log.error("The worker could not start: {}", e.getMessage() != null ? e.getMessage() : e.toString());
            return 1;
        }).execute(args);
        if (code != 0 || app.exitAfterStart) {
            // Clients' idle connection threads would keep the JVM up for a minute.
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        WorkerProperties p = new WorkerProperties(file, profile, engines, plugins, maxPrefetch, targetBatch, pollWait, timeoutGrace,
                fileWrittenSince, dataAddress, dataPort);
        Worker worker = Worker.start(p);
        if (exitAfterStart) {
            worker.close();
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "bramble-shutdown"));
        log.info("Worker started in {} s", String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e9));
        return 0;
    }

    /** Durations as "50ms", "15s", "2m", "1h", or ISO-8601 ("PT15S"). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim());
            if (!m.matches()) {
                return Duration.parse(value.trim());
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
