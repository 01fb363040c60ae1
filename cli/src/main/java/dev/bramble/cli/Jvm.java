package dev.bramble.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts the services as JVMs with explicit settings for small machines. */
final class Jvm {

    /**
     * The controller's C2 inlines less than by default (hot callees up to 100 bytecodes instead of 325, compiled
     * ones up to 1,000 bytes of code instead of 2,500): through its framework layers, single compilations grew to
     * 40 to 80 KB of code, and compiling took most of a core during the first minutes of work. With these, the
     * compiler thread's CPU over the benchmark's W1 to W4 is 9 s instead of 20 (docs/performance.md, "Warm-up").
     * The workers keep the JVM's inlining: they run the users' code.
     */
    static final String CONTROLLER_DEFAULTS = "-Xms32m -Xmx384m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m "
            + "-XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000";
    static final String WORKER_DEFAULTS = "-Xms16m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m "
            + "-XX:ReservedCodeCacheSize=48m -XX:+ExitOnOutOfMemoryError";

    private Jvm() {
    }

    /**
     * Options a service's jar is built for, whatever the profile's JVM options: the controller's jar carries
     * bean definitions prepared at build time (Spring AOT), which save most of its context start-up.
     */
    static List<String> builtFor(String service) {
        return service.equals("controller") ? List.of("-Dspring.aot.enabled=true") : List.of();
    }

    /** Where the service jars are: BRAMBLE_LIB, else the build folders under the repository root. */
    static Path jar(String service) {
        String lib = System.getenv("BRAMBLE_LIB");
        Path jar;
        if (lib != null && !lib.isBlank()) {
            jar = Path.of(lib, "bramble-" + service + ".jar");
        } else {
            String root = System.getProperty("bramble.root", ".");
            jar = Path.of(root, service + "-service", "target", "bramble-" + service + ".jar");
        }
        if (!Files.isRegularFile(jar)) {
            throw new LaunchException("missing " + jar + "; build with ./mvnw -DskipTests install (./bramble does it on first use)");
        }
        return jar;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java");
    }

    /** The command that starts the service: its JVM options, then its class-data archive and jar, then the arguments. */
    static List<String> command(String service, String jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(options(jvmOptions));
        cmd.addAll(builtFor(service));
        cmd.addAll(ClassDataSharing.launch(service, jar(service), jvmOptions, System.err::println));
        cmd.addAll(args);
        return cmd;
    }

    static List<String> options(String jvmOptions) {
        return Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Starts a service in the background with its output going to the log file, detached from this JVM: a shell
     * starts it and exits at once. A JVM with a child process of its own waits 0.3 s at its exit (for the thread that
     * waits for the child), so {@code cluster start --daemon} would return that much later.
     */
    static ProcessHandle background(List<String> command, Path log) {
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" < /dev/null > \"$0\" 2>&1 & echo $!", log.toString()));
        shell.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            Process sh = new ProcessBuilder(shell).redirectErrorStream(true).start();
            String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (sh.waitFor() != 0 || !out.matches("\\d+")) {
                throw new LaunchException("cannot start " + command.get(0) + ": " + out);
            }
            return ProcessHandle.of(Long.parseLong(out)).orElseThrow(() -> new LaunchException("the " + command.get(0)
                    + " started for " + log.getFileName() + " stopped at once: " + Probe.lastLine(log) + " (log: " + log + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted", 130);
        }
    }

    /** Runs a service in the foreground sharing this terminal; Ctrl-C stops it too. Returns its exit code. */
    static int foreground(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            Thread stopper = new Thread(() -> stop(p, 20));
            Runtime.getRuntime().addShutdownHook(stopper);
            int code = p.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Asks the process to stop (SIGTERM), and kills it after the grace time. */
    static void stop(ProcessHandle p, int graceSeconds) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.onExit().get(graceSeconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    static void stop(Process p, int graceSeconds) {
        stop(p.toHandle(), graceSeconds);
    }
}
