package dev.bramble.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bramble worker}: engines on this machine for a controller elsewhere (ipengine). */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker hosting engines in the foreground (like ipengine --file=ipcontroller-engine.json).")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--file", paramLabel = "FILE", description = "The controller's controller-engine.json (default: the profile's).")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default", description = "The profile (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = {"--engines", "-n"}, paramLabel = "N", description = "Engines to host (default: the profile's, else one per core).")
    Integer engines;

    @Option(names = "--plugins", paramLabel = "DIR", description = "A folder of jars with more functions (default: ~/.bramble/plugins).")
    Path plugins;

    @Override
    public Integer call() {
        Profile p = Profile.load(profile);
        return Jvm.foreground(command(p, file, engines, plugins));
    }

    static List<String> command(Profile p, Path file, Integer engines, Path plugins) {
        Path connection = file != null ? file : p.engineFile();
        if (!Files.isRegularFile(connection)) {
            throw new LaunchException("no connection file at " + connection + "; copy controller-engine.json from the controller's "
                    + "profile folder and pass --file", 2);
        }
        Probe.read(connection);
        return command(p, connection, engines, plugins, List.of());
    }

    /**
     * A worker that starts beside a controller starting on this machine: it boots at the same time and
     * reads the profile's engine connection file once the controller has written it anew (since then).
     */
    static List<String> besideController(Profile p, int engines, Instant since) {
        return command(p, p.engineFile(), engines, null, List.of("--bramble.worker.file-written-since=" + since));
    }

    private static List<String> command(Profile p, Path connection, Integer engines, Path plugins, List<String> more) {
        int n = engines != null ? engines : Integer.parseInt(p.get("engines", "0"));
        if (n < 0 || n > 1024) {
            throw new LaunchException("--engines " + n + " is not from 1 to 1024", 2);
        }
        List<String> args = new ArrayList<>();
        args.add("--bramble.worker.file=" + connection.toAbsolutePath());
        args.add("--bramble.worker.engines=" + n);
        if (plugins != null) {
            args.add("--bramble.worker.plugins=" + plugins.toAbsolutePath());
        }
        args.addAll(more);
        return Jvm.command("worker", p.get("worker.jvm-options", Jvm.WORKER_DEFAULTS), args);
    }
}
