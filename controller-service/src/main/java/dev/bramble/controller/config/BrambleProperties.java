package dev.bramble.controller.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the controller can be told, under {@code bramble.}; zero setup needed.
 *
 * @param profile the profile name: connection files and the embedded store live in {@code home/profile_NAME}
 * @param home the Bramble folder, {@code ~/.bramble} unless BRAMBLE_HOME says otherwise
 * @param advertisedHost the host name written into connection files when listening on all interfaces
 */
@ConfigurationProperties("bramble")
public record BrambleProperties(
        @DefaultValue("default") String profile,
        Path home,
        String advertisedHost,
        @DefaultValue Store store,
        @DefaultValue Scheduler scheduler,
        @DefaultValue Limits limits) {

    public BrambleProperties {
        if (home == null) {
            home = Path.of(System.getProperty("user.home"), ".bramble");
        }
        if (!profile.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("profile '" + profile + "' may only have letters, digits, '.', '_' and '-'");
        }
    }

    /** The folder of this profile. */
    public Path profileDir() {
        return home.resolve("profile_" + profile);
    }

    /**
     * @param kind "file" (embedded SQLite in the profile folder), "memory", or a PostgreSQL JDBC URL
     */
    public record Store(@DefaultValue("file") String kind, String username, String password) {
    }

    public record Scheduler(
            @DefaultValue("1s") Duration heartbeatInterval,
            @DefaultValue("10s") Duration heartbeatTimeout,
            @DefaultValue("60s") Duration reconnectGrace,
            @DefaultValue("20s") Duration maxPollWait,
            @DefaultValue("3") int engineLossLimit,
            @DefaultValue("200000") int finishedTasksInMemory) {
    }

    /** @param maxRequestSize a request body larger than this is refused with 413 */
    public record Limits(@DefaultValue("256MB") DataSize maxRequestSize) {
    }
}
