package dev.bramble.examples;

import dev.bramble.client.Client;
import java.nio.file.Path;

/** How the examples connect: a connection file given as the first argument, else the default profile. */
final class Connect {

    private Connect() {
    }

    static Client from(String[] args) {
        return args.length > 0 ? Client.connect(Path.of(args[0])) : Client.connect();
    }
}
