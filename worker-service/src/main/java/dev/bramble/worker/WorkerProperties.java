package dev.bramble.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a worker can be told, as {@code --bramble.worker.name=value} options (see {@link WorkerApplication}).
 *
 * @param file the controller's engine connection file; default: the profile's controller-engine.json
 * @param profile the profile whose connection file to use when no file is given
 * @param engines how many engines to host; 0 means one per processor
 * @param plugins a folder of jars with more functions
 * @param maxPrefetch the most tasks an engine holds at once (running and waiting)
 * @param targetBatch how much work, in time, an engine asks for at once; short tasks come in batches
 * @param pollWait how long a poll waits at the controller for work
 * @param timeoutGrace how long a task may ignore an interrupt before its engine gets a new thread
 * @param dataAddress the address the data server (graph results for other workers) listens on and announces;
 *     default: this machine's address towards the controller (loopback when the controller is local)
 * @param dataPort the data server's port; 0 picks a free one
 * @param fileWrittenSince when set, wait for the connection file to be written at or after this instant
 *     (a controller starting at the same time writes it; the launcher boots both JVMs at once)
 */
public record WorkerProperties(
        Path file,
        String profile,
        int engines,
        Path plugins,
        int maxPrefetch,
        Duration targetBatch,
        Duration pollWait,
        Duration timeoutGrace,
        Instant fileWrittenSince,
        String dataAddress,
        int dataPort) {

    public WorkerProperties {
        if (engines < 0) {
            throw new IllegalArgumentException("bramble.worker.engines < 0: " + engines);
        }
        if (dataPort < 0 || dataPort > 65535) {
            throw new IllegalArgumentException("bramble.worker.data-port must be 0 to 65535: " + dataPort);
        }
        if (maxPrefetch < 1) {
            throw new IllegalArgumentException("bramble.worker.max-prefetch < 1: " + maxPrefetch);
        }
    }

    public int engineCount() {
        return engines == 0 ? Runtime.getRuntime().availableProcessors() : engines;
    }
}
