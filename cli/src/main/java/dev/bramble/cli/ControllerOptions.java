package dev.bramble.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that shape a controller: profile, listening address, port and store. */
final class ControllerOptions {

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile (default: ${DEFAULT-VALUE}).", defaultValue = "default")
    String profile;

    @Option(names = "--ip", paramLabel = "ADDR", description = "The address to listen on; * for every interface (default: 127.0.0.1).")
    String ip;

    @Option(names = "--port", paramLabel = "N", description = "The port; 0 picks a free one (default: 8642).")
    Integer port;

    @Option(names = "--store", paramLabel = "KIND", description = "file (default), memory, or a PostgreSQL JDBC URL.")
    String store;

    /** The controller's arguments: the profile's settings with the flags on top. */
    List<String> arguments(Profile p) {
        String address = address(ip != null ? ip : p.get("ip", "127.0.0.1"));
        int listen = port != null ? port : parsePort(p.get("port", "8642"));
        String kind = store != null ? store : p.get("store", "file");
        if (!(kind.equals("file") || kind.equals("memory") || kind.startsWith("jdbc:postgresql:"))) {
            throw new LaunchException("--store '" + kind + "' is not one of: file, memory, jdbc:postgresql://HOST/DB", 2);
        }
        List<String> args = new ArrayList<>(p.controllerProperties());
        args.add("--bramble.profile=" + p.name);
        args.add("--server.address=" + address);
        args.add("--server.port=" + listen);
        args.add("--bramble.store.kind=" + kind);
        return args;
    }

    private static int parsePort(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 0 && v <= 65535) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new LaunchException("port '" + text + "' is not a number from 0 to 65535", 2);
    }

    static void checkPort(Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new LaunchException("--port " + port + " is not from 0 to 65535", 2);
        }
    }

    private static String address(String ip) {
        if (ip.equals("*") || ip.equals("0.0.0.0")) {
            return "0.0.0.0";
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new LaunchException("--ip '" + ip + "' is not an address of this machine (use * for every interface)", 2);
        }
    }
}
