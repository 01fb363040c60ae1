package dev.bramble.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bramble profile create NAME}. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Manage profiles.", subcommands = ProfileCommand.Create.class)
final class ProfileCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a profile folder with a commented config file (listening address, port, store, JVM settings).")
    static final class Create implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The profile's name.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Profile p = Profile.create(name);
            spec.commandLine().getOut().println("Created profile '" + name + "': edit " + p.dir.resolve(Profile.CONFIG));
            return 0;
        }
    }
}
