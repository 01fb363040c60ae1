package dev.bramble.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bramble.client.ConnectionFile;
import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.model.PollRequest;
import dev.bramble.client.wire.model.PollResponse;
import dev.bramble.client.wire.model.WorkerRegistered;
import dev.bramble.client.wire.model.WorkerRegistration;
import dev.bramble.worker.data.DataFetcher;
import dev.bramble.worker.data.DataServer;
import dev.bramble.worker.data.DataStore;
import dev.bramble.worker.data.HeldResults;
import dev.bramble.worker.data.StagedBlobs;
import dev.bramble.worker.engine.Engines;
import dev.bramble.worker.function.Functions;
import dev.bramble.worker.link.ControllerStorage;
import dev.bramble.worker.link.Poller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running worker: the function library, the engines, the data server and the poller, wired from the
 * properties. Closing it stops polling (after a last report and a goodbye to the controller), the
 * engines and the data server.
 */
final class Worker implements AutoCloseable {

    /** How long a stopping worker waits for its results to reach the controller. */
    private static final Duration SEND_RESULTS_FOR = Duration.ofSeconds(30);

    private final Poller poller;
    private final HeldResults held;
    private final DataServer dataServer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Worker(Poller poller, HeldResults held, DataServer dataServer) {
        this.poller = poller;
        this.held = held;
        this.dataServer = dataServer;
    }

    /** Wires everything and starts polling. */
    static Worker start(WorkerProperties p) {
        Functions functions = Functions.load(p.plugins() != null ? p.plugins() : ConnectionFile.home().resolve("plugins"));
        Path path = p.file() != null ? p.file() : ConnectionFile.securityDir(p.profile()).resolve("controller-engine.json");
        ObjectMapper json = WireClients.mapper();
        if (p.fileWrittenSince() != null) {
            warmUp(json);
            awaitWrite(path, p.fileWrittenSince(), Duration.ofMinutes(2));
        }
        ConnectionFile file = ConnectionFile.read(path);
        ControllerStorage controller = new ControllerStorage(file);
        // Bulk values staged here by clients (at most a quarter of the heap) in front of the controller's
        // blobs; engines of this worker that fetch or store the same blob at once move its bytes once.
        StagedBlobs staged = new StagedBlobs(BlobStorage.coalescing(controller), Runtime.getRuntime().maxMemory() / 4);
        // Bulk results go to the controller in the background; the data server serves them meanwhile.
        HeldResults held = new HeldResults(staged, Runtime.getRuntime().maxMemory() / 4);
        DataStore store = new DataStore();
        DataServer dataServer;
        try {
            InetAddress address = p.dataAddress() != null ? InetAddress.getByName(p.dataAddress()) : addressTowards(file.url());
            dataServer = new DataServer(store, staged, held, json, file.key(), address, p.dataPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the data server", e);
        }
        DataFetcher fetcher = new DataFetcher(WireClients.client(), file.key(), json);
        Engines engines = new Engines(p.engineCount(), functions, controller, held, json, p.timeoutGrace(), p.targetBatch(),
                p.maxPrefetch(), store, fetcher);
        Poller poller = new Poller(file, json, engines, List.copyOf(functions.names()), p.pollWait(), dataServer);
        poller.start();
        return new Worker(poller, held, dataServer);
    }

    /**
     * While the controller beside this worker starts: loads and initialises what registering and the
     * first poll need (the HTTP client, the generated API, the JSON of the worker protocol), so that the
     * worker registers soon after the connection file appears instead of doing this work then.
     */
    private static void warmUp(ObjectMapper json) {
        try {
            new ControllerStorage(new ConnectionFile(URI.create("http://127.0.0.1:9"), "warm-up", "warm-up", WireClients.PROTOCOL_VERSION));
            byte[] registration = json.writeValueAsBytes(new WorkerRegistration().workerId("warm-up").host("warm-up").engines(1)
                    .protocolVersion(WireClients.PROTOCOL_VERSION).functions(List.of()));
            json.readValue(registration, WorkerRegistration.class);
            json.writeValueAsBytes(new PollRequest().reports(List.of()).capacity(List.of()).waitMs(0L));
            json.readValue("{\"workerId\": \"w\", \"engineIds\": [0], \"heartbeatIntervalMs\": 1, \"heartbeatTimeoutMs\": 1, "
                    + "\"lastAnswer\": 0}", WorkerRegistered.class);
            json.readValue("{\"tasks\": [], \"cancels\": [], \"known\": true, \"sequence\": 1}", PollResponse.class);
            HttpServer.create().stop(0);
        } catch (IOException | RuntimeException e) {
            // Only a head start: whatever failed here happens again, with its error, when the worker starts.
        }
    }

    /** Waits for the file to be written at or after the instant (within the second: file times may be coarse). */
    private static void awaitWrite(Path file, Instant since, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Instant notBefore = since.minusSeconds(1);
        try {
            while (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).toInstant().isBefore(notBefore)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the controller did not write " + file + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + file, e);
        }
    }

    /**
     * The address of this machine that the controller's machine reaches it by (the local end of a
     * connection to the controller), so that other workers reach the data server the same way; loopback
     * when the controller is on this machine.
     */
    private static InetAddress addressTowards(URI controller) {
        int port = controller.getPort() > 0 ? controller.getPort() : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(controller.getHost(), port), 5_000);
            return s.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the controller at " + controller + " to find this worker's address; set"
                    + " --bramble.worker.data-address", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            poller.stop();
            held.close(SEND_RESULTS_FOR);
            dataServer.close();
        }
    }
}
