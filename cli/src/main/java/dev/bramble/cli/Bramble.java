package dev.bramble.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bramble} command. */
@Command(name = "bramble", mixinStandardHelpOptions = true, versionProvider = Bramble.Version.class,
        description = "Put a cluster of small machines to work: a controller, engines on every machine, clients in Java or curl.",
        subcommands = {ClusterCommand.class, ControllerCommand.class, WorkerCommand.class, ProfileCommand.class,
                CommandLine.HelpCommand.class})
public final class Bramble implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with one-line errors for bad input and for failures, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Bramble());
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("bramble: " + e.getMessage() + " (try: ./bramble " + helpPath(e.getCommandLine()) + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("bramble: " + (e instanceof LaunchException ? e.getMessage() : e.toString()));
            return e instanceof LaunchException l ? l.exitCode() : 1;
        });
        return cl;
    }

    private static String helpPath(CommandLine cl) {
        StringBuilder b = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            b.insert(0, c.getCommandName() + " ");
        }
        return b.toString().strip();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Bramble.class.getPackage().getImplementationVersion();
            return new String[] {"bramble " + (v == null ? "dev" : v)};
        }
    }
}
