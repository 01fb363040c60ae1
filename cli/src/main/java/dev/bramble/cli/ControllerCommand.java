package dev.bramble.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bramble controller}: a controller alone, for a cluster whose workers run on other machines (ipcontroller). */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run a controller in the foreground (like ipcontroller); workers join with ./bramble worker --file controller-engine.json.")
final class ControllerCommand implements Callable<Integer> {

    @Mixin
    ControllerOptions options = new ControllerOptions();

    @Override
    public Integer call() {
        ControllerOptions.checkPort(options.port);
        Profile p = Profile.load(options.profile);
        return Jvm.foreground(Jvm.command("controller", p.get("controller.jvm-options", Jvm.CONTROLLER_DEFAULTS), options.arguments(p)));
    }
}
