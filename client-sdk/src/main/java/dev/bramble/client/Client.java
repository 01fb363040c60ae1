package dev.bramble.client;

import dev.bramble.client.internal.Wire;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.model.ControllerInfo;
import dev.bramble.client.wire.model.EngineInfo;
import dev.bramble.client.wire.model.EngineState;
import dev.bramble.client.wire.model.PurgeResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A connection to a Bramble controller, like ipyparallel's {@code Client}: the engine ids, views on
 * them, and everything submitted through those views. One long-lived object per application; it shares
 * one HTTP connection pool. Close it when done.
 *
 * <pre>{@code
 * try (Client c = Client.connect()) {             // ~/.bramble/profile_default/security/controller-client.json
 *     c.waitForEngines(4, Duration.ofSeconds(30));
 *     List<String> hi = c.all().applySync(() -> "Hello World");
 * }
 * }</pre>
 */
public final class Client implements AutoCloseable {

    /** How long calls keep retrying while the controller is unreachable, unless told otherwise. */
    public static final Duration DEFAULT_RETRY = Duration.ofMinutes(2);

    static {
        dev.bramble.client.internal.GraphClient.Internal.install(c -> new ClientGraphs(c.session));
    }

    private final Session session;
    private final ControllerInfo info;

    private Client(Wire wire, ClassLoader loader) {
        this.session = new Session(wire, loader);
        try {
            this.info = wire.call(() -> wire.info.getInfo(), true);
        } catch (RuntimeException e) {
            wire.close();
            throw e;
        }
        if (info.getProtocolVersion() != WireClients.PROTOCOL_VERSION) {
            wire.close();
            throw new BrambleException("this SDK speaks protocol " + WireClients.PROTOCOL_VERSION + " but the controller at " + wire.url()
                    + " (Bramble " + info.getVersion() + ") speaks protocol " + info.getProtocolVersion()
                    + "; use the same Bramble version on both");
        }
    }

    /** Connects with the default profile's connection file. */
    public static Client connect() {
        return connect("default");
    }

    /** Connects with the profile's {@code controller-client.json} ({@code ~/.bramble/profile_NAME/security/}). */
    public static Client connect(String profile) {
        return connect(ConnectionFile.securityDir(profile).resolve("controller-client.json"));
    }

    /** Connects with a copied connection file. */
    public static Client connect(Path connectionFile) {
        ConnectionFile file = ConnectionFile.read(connectionFile);
        return connect(file.url(), file.key());
    }

    /** Connects to the controller at the URL with the client key. */
    public static Client connect(URI url, String key) {
        return builder().url(url).key(key).connect();
    }

    /** A builder for connections that need more than a URL and a key. */
    public static Builder builder() {
        return new Builder();
    }

    /** How to connect: where, with which key, how long to ride out an unreachable controller. */
    public static final class Builder {
        private URI url;
        private String key;
        private Duration retry = DEFAULT_RETRY;
        private ClassLoader loader = Thread.currentThread().getContextClassLoader();

        private Builder() {
        }

        /** The controller's URL. */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The client key. */
        public Builder key(String key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Reads url and key from a connection file. */
        public Builder connectionFile(Path file) {
            ConnectionFile f = ConnectionFile.read(file);
            return url(f.url()).key(f.key());
        }

        /**
         * How long calls retry while the controller is unreachable (a restart, a network blip) or busy (it holds as
         * much unfinished work as its memory allows, and took nothing); default 2 minutes.
         */
        public Builder retryFor(Duration retry) {
            if (retry.isNegative()) {
                throw new IllegalArgumentException("retryFor < 0: " + retry);
            }
            this.retry = retry;
            return this;
        }

        /** Where the classes of lambdas are read from (default: the thread's context class loader). */
        public Builder classLoader(ClassLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Connects, checking that the controller speaks this SDK's protocol.
         * @throws BrambleException if it speaks another
         */
        public Client connect() {
            if (url == null || key == null) {
                throw new IllegalStateException("give url and key, or a connection file");
            }
            return new Client(new Wire(url, key, retry), loader == null ? Client.class.getClassLoader() : loader);
        }
    }

    /** The controller's version, protocol, profile and store. */
    public String describe() {
        return "Bramble " + info.getVersion() + " at " + session.wire.url() + " (profile " + info.getProfile() + ", store "
                + info.getStore() + ")";
    }

    /** The ids of the engines now registered and connected, in order ({@code c.ids}). */
    public List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        for (EngineInfo e : session.wire.call(() -> session.wire.engines.listEngines(), true)) {
            if (e.getState() == EngineState.ACTIVE) {
                ids.add(e.getId());
            }
        }
        return ids;
    }

    /** Waits until at least n engines are connected. */
    public Client waitForEngines(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ids().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new BrambleException("only " + ids().size() + " of " + n + " engines registered within " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrambleException("interrupted while waiting for engines", e);
            }
        }
        return this;
    }

    /** Every engine ({@code c[:]}). */
    public DirectView all() {
        return view(ids());
    }

    /** The engines from position {@code from} on ({@code c[2:]}); negative counts from the end. */
    public DirectView slice(int from) {
        List<Integer> ids = ids();
        return view(ids.subList(index(from, ids.size()), ids.size()));
    }

    /** The engines at positions from (inclusive) to to (exclusive) ({@code c[0:2]}); negative counts from the end. */
    public DirectView slice(int from, int to) {
        List<Integer> ids = ids();
        int a = index(from, ids.size());
        int b = index(to, ids.size());
        return view(a < b ? ids.subList(a, b) : List.of());
    }

    private static int index(int i, int size) {
        return Math.max(0, Math.min(size, i < 0 ? i + size : i));
    }

    /** These engines. */
    public DirectView view(int... ids) {
        return view(Arrays.stream(ids).boxed().toList());
    }

    private DirectView view(List<Integer> ids) {
        if (ids.isEmpty()) {
            throw new BrambleException("the view has no engines; engines now: " + ids());
        }
        return new DirectView(session, ids, Settings.DEFAULT);
    }

    /** One engine; its apply returns the value itself ({@code c[3]}). */
    public EngineView engine(int id) {
        return new EngineView(session, id, Settings.DEFAULT);
    }

    /** Work goes to whichever engine is free. */
    public LoadBalancedView loadBalanced() {
        return new LoadBalancedView(session, Settings.DEFAULT);
    }

    /**
     * Forgets the finished jobs submitted before the instant, every finished job when it is null ({@code
     * rc.purge_results('all')}); unfinished work stays. The controller lets go of the blobs that nothing names
     * any more with them (those that arrived in its last 10 minutes stay, see the README's "Limits").
     */
    public Purged purgeResults(Instant before) {
        PurgeResult r = session.wire.call(() -> session.wire.tasks.purgeTasks(before == null ? null : before.atOffset(ZoneOffset.UTC)), true);
        return new Purged(r.getPurged(), r.getBlobs());
    }

    /** Forgets one finished job ({@code rc.purge_results(jobs=[ar])}); a job still running is refused with a 409. */
    public Purged purgeResults(AsyncResult<?> result) {
        PurgeResult r = session.wire.call(() -> session.wire.jobs.purgeJob(result.jobId()), false);
        return new Purged(r.getPurged(), r.getBlobs());
    }

    /**
     * What a purge forgot.
     *
     * @param tasks the finished tasks forgotten
     * @param blobs the blobs let go with them
     */
    public record Purged(int tasks, int blobs) {
    }

    /** The list 0, 1, ..., n-1, as Python's {@code range(n)}. */
    public static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(Math.max(0, n));
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    @Override
    public void close() {
        session.wire.close();
    }
}
