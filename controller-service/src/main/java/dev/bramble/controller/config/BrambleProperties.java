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
     * @param blobGrace a blob that no task names goes at the next purge once it arrived this long before; younger
     *     ones stay, as a client sends a job's blobs before the job
     */
    public record Store(@DefaultValue("file") String kind, String username, String password, @DefaultValue("10m") Duration blobGrace) {
    }

    /**
     * @param finishedTasksInMemory finished tasks kept in memory beyond this live on in the store only
     * @param taskMemory what the tasks in memory may hold in arguments and outputs (estimated), for unfinished and
     *     finished tasks each: beyond it, finished jobs live on in the store only and new jobs are refused with 503
     *     until tasks finish; an eighth of the controller's heap when not set
     */
    public record Scheduler(
            @DefaultValue("1s") Duration heartbeatInterval,
            @DefaultValue("10s") Duration heartbeatTimeout,
            @DefaultValue("60s") Duration reconnectGrace,
            @DefaultValue("20s") Duration maxPollWait,
            @DefaultValue("3") int engineLossLimit,
            @DefaultValue("200000") int finishedTasksInMemory,
            DataSize taskMemory) {

        /** The task memory in bytes: as set, or an eighth of this JVM's heap. */
        public long taskMemoryBytes() {
            return taskMemory == null ? Runtime.getRuntime().maxMemory() / 8 : taskMemory.toBytes();
        }
    }

    /**
     * @param maxRequestSize a blob's body (streamed to disk, or kept in memory on the memory store) larger than this is
     *     refused with 413
     * @param maxMessageSize any other body (JSON requests, workers' polls, code bundles), which the controller reads
     *     into memory, larger than this is refused with 413
     * @param memoryStoreBlobs what the memory store's blobs (which last until the controller stops) may take together;
     *     a blob beyond it is refused with 507; a quarter of the controller's heap when not set
     */
    public record Limits(@DefaultValue("256MB") DataSize maxRequestSize, @DefaultValue("16MB") DataSize maxMessageSize,
            DataSize memoryStoreBlobs) {

        /** The memory store's blob limit in bytes: as set, or a quarter of this JVM's heap. */
        public long memoryStoreBlobsBytes() {
            return memoryStoreBlobs == null ? Runtime.getRuntime().maxMemory() / 4 : memoryStoreBlobs.toBytes();
        }
    }
}
