package dev.bramble.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bramble cluster start|stop}: a controller and a worker on this machine (ipcluster). */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Start or stop a local cluster (like ipcluster).",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand implements Runnable {

    static final String PIDS = "cluster.pids";
    static final Duration STARTUP = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a controller and a worker with N engines on this machine; Ctrl-C stops them.")
    static final class Start implements Callable<Integer> {

        @Option(names = {"-n", "--engines"}, paramLabel = "N", description = "Engines (default: the profile's, else one per core).")
        Integer engines;

        @Option(names = "--daemon", description = "Return once the cluster is up; stop it with ./bramble cluster stop.")
        boolean daemon;

        @Mixin
        ControllerOptions options = new ControllerOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ControllerOptions.checkPort(options.port);
            Profile p = Profile.load(options.profile);
            int n = engines != null ? engines : Integer.parseInt(p.get("engines", String.valueOf(Runtime.getRuntime().availableProcessors())));
            if (n < 1 || n > 1024) {
                throw new LaunchException("-n " + n + " is not from 1 to 1024", 2);
            }
            Optional<List<ProcessHandle>> running = alive(p);
            if (running.isPresent()) {
                throw new LaunchException("a cluster of profile '" + p.name + "' is running (pids " + running.get().stream()
                        .map(ProcessHandle::pid).toList() + "); stop it with ./bramble cluster stop --profile " + p.name);
            }
            PrintWriter out = spec.commandLine().getOut();
            Instant started = Instant.now();
            Path controllerLog = p.logs().resolve("controller.log");
            Path workerLog = p.logs().resolve("worker.log");
            ProcessHandle controller = Jvm.background(Jvm.command("controller", p.get("controller.jvm-options", Jvm.CONTROLLER_DEFAULTS),
                    options.arguments(p)), controllerLog);
            ProcessHandle worker = null;
            try {
                // Both JVMs boot at once; the worker waits for the connection file this controller writes.
                worker = Jvm.background(WorkerCommand.besideController(p, n, started), workerLog);
                Probe probe = new Probe();
                Probe.Connection c = probe.awaitConnectionFile(p.clientFile(), started, controller, controllerLog, STARTUP);
                probe.awaitEngines(c, n, worker, workerLog, STARTUP);
                writePids(p, controller, worker);
                out.printf("Bramble cluster '%s' is up: a controller and %d engines (%.1f s)%n", p.name, n,
                        Duration.between(started, Instant.now()).toMillis() / 1000.0);
                out.printf("  Controller:        %s%n", c.url());
                out.printf("  Swagger UI:        %s/swagger-ui.html (Authorize with the key of controller-client.json)%n", c.url());
                out.printf("  Connection files:  %s%n", p.security());
                out.printf("  Logs:              %s%n", p.logs());
                out.println(daemon ? "Stop it with: ./bramble cluster stop --profile " + p.name : "Press Ctrl-C to stop the cluster.");
                out.flush();
            } catch (RuntimeException e) {
                stopAll(worker, controller);
                throw e;
            }
            if (daemon) {
                return 0;
            }
            ProcessHandle w = worker;
            Thread hook = new Thread(() -> {
                stopAll(w, controller);
                deletePids(p);
            });
            Runtime.getRuntime().addShutdownHook(hook);
            CompletableFuture.anyOf(controller.onExit(), worker.onExit()).join();
            String who = controller.isAlive() ? "the worker" : "the controller";
            Path log = controller.isAlive() ? workerLog : controllerLog;
            spec.commandLine().getErr().println("bramble: " + who + " stopped: " + Probe.lastLine(log) + " (log: " + log + ")");
            return 1;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster that cluster start --daemon started.")
    static final class Stop implements Callable<Integer> {

        @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default", description = "The profile (default: ${DEFAULT-VALUE}).")
        String profile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Profile p = Profile.load(profile);
            List<ProcessHandle> processes = alive(p).orElseThrow(() -> new LaunchException("no cluster of profile '" + p.name
                    + "' is running"));
            processes.forEach(h -> Jvm.stop(h, 20));
            deletePids(p);
            spec.commandLine().getOut().println("Stopped the cluster of profile '" + p.name + "'");
            return 0;
        }
    }

    private static void stopAll(ProcessHandle worker, ProcessHandle controller) {
        if (worker != null) {
            Jvm.stop(worker, 20);
        }
        Jvm.stop(controller, 20);
    }

    /** The cluster's processes still alive, worker first, if a pid file names any. */
    static Optional<List<ProcessHandle>> alive(Profile p) {
        Path file = p.dir.resolve(PIDS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<ProcessHandle> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2) {
                    ProcessHandle.of(Long.parseLong(parts[1])).filter(ProcessHandle::isAlive)
                            .filter(h -> h.info().commandLine().map(c -> c.contains("bramble-")).orElse(true))
                            .ifPresent(h -> out.add(parts[0].equals("worker") ? 0 : out.size(), h));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static void writePids(Profile p, ProcessHandle controller, ProcessHandle worker) {
        try {
            Files.writeString(p.dir.resolve(PIDS), "controller " + controller.pid() + "\nworker " + worker.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deletePids(Profile p) {
        try {
            Files.deleteIfExists(p.dir.resolve(PIDS));
        } catch (IOException e) {
            // nothing to do
        }
    }
}
