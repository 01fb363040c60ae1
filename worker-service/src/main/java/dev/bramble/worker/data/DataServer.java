package dev.bramble.worker.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bramble.client.internal.Bodies;
import dev.bramble.client.internal.Values;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the results this worker holds to other workers, several in one answer, with the engine key as
 * bearer; and takes bulk values that clients stage here for their work on this worker's engines, with the
 * staging token as bearer (derived from the client key, which the worker never sees). A value's kind is
 * "json" for JSON-shaped values, else a blob kind: "double[]", "long[]", "int[]", "byte[]", "int-list",
 * "double-list" or "java". It also serves the engines' bulk results while they are on their way to the
 * controller ({@link HeldResults}), to clients and workers. A small server of the JDK's, so that the
 * worker needs no web stack.
 */
public final class DataServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataServer.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final byte[] expected;
    private final String url;
    private volatile byte[] stagingBearer;

    /** Starts serving on the address (port 0 picks a free one). */
    public DataServer(DataStore store, StagedBlobs staged, HeldResults held, ObjectMapper json, String engineKey, InetAddress address,
            int port)
            throws IOException {
        // Without it every small answer waits for the peer's delayed acknowledgement (Nagle): about 40 ms each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.expected = ("Bearer " + engineKey).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(address, port), 64);
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bramble-data-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/data", exchange -> serve(exchange, store, json));
        server.createContext("/data/staged/", exchange -> stage(exchange, staged));
        server.createContext("/data/blobs/", exchange -> serveHeld(exchange, held));
        server.start();
        String host = address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.url = "http://" + host + ":" + server.getAddress().getPort();
        log.info("Serving graph results to other workers at {}", url);
    }

    /** Admits clients staging values with this token, as the controller told at registration; null admits none. */
    public void admitStaging(String token) {
        this.stagingBearer = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Where other workers fetch from. */
    public String url() {
        return url;
    }

    /**
     * {@code POST /data} with the data ids, one per line, answers them all in one body: per id, in the
     * order asked, its kind and its bytes ({@link Frames}); an id this worker does not hold has kind "".
     */
    private void serve(HttpExchange exchange, DataStore store, ObjectMapper json) throws IOException {
        try (exchange) {
            if (refused(exchange, "POST", expected)) {
                return;
            }
            String[] ids = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n");
            Answer buffer = new Answer();
            DataOutputStream out = new DataOutputStream(buffer);
            for (String id : ids) {
                DataStore.Entry entry = id.isEmpty() ? null : store.get(id);
                if (entry == null) {
                    Frames.write(out, "", new byte[0]);
                } else if (Values.travelsAsJson(entry.value())) {
                    Frames.write(out, "json", json.writeValueAsBytes(entry.value()));
                } else {
                    Values.Bulk bulk = Values.bulk(entry.value());
                    Frames.write(out, bulk.type(), bulk.bytes());
                }
            }
            out.flush();
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, buffer.size());
            try (OutputStream body = exchange.getResponseBody()) {
                buffer.writeSlicedTo(body);
            }
        } catch (RuntimeException e) {
            log.warn("Serving {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /**
     * {@code PUT /data/staged/{name}?uses=N} (64 hex digits) keeps the body for N reads by tasks (see {@link StagedBlobs}):
     * 204 when kept, 507 when this worker has no room for it (the client sends it through the controller).
     */
    private void stage(HttpExchange exchange, StagedBlobs staged) throws IOException {
        try (exchange) {
            if (refused(exchange, "PUT", stagingBearer)) {
                return;
            }
            String hash = exchange.getRequestURI().getPath().substring("/data/staged/".length());
            String query = exchange.getRequestURI().getRawQuery();
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (!hash.matches("[0-9a-f]{64}") || query == null || !query.matches("uses=[1-9][0-9]{0,5}") || length == null
                    || !length.matches("[0-9]{1,10}") || Long.parseLong(length) > Integer.MAX_VALUE - 8) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            int size = Integer.parseInt(length);
            if (!staged.hasRoom(size)) {
                exchange.sendResponseHeaders(507, -1);
                return;
            }
            byte[] body;
            try {
                body = Bodies.exactly(exchange.getRequestBody(), size);
            } catch (EOFException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            boolean kept = staged.stage(hash, body, Integer.parseInt(query.substring("uses=".length())));
            exchange.sendResponseHeaders(kept ? 204 : 507, -1);
        } catch (RuntimeException e) {
            log.warn("Staging {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /**
     * {@code GET /data/blobs/{sha256}}, with the staging token or the engine key: a bulk result this worker
     * holds, or 404 when it does not (any more: then the controller's blobs have it).
     */
    private void serveHeld(HttpExchange exchange, HeldResults held) throws IOException {
        try (exchange) {
            if (refused(exchange, "GET", stagingBearer, expected)) {
                return;
            }
            String hash = exchange.getRequestURI().getPath().substring("/data/blobs/".length());
            byte[] bytes = held.serve(hash);
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                Bodies.write(body, bytes, bytes.length);
            }
        } catch (RuntimeException e) {
            log.warn("Serving {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /** An answer of frames built in memory, sent in slices ({@link Bodies#SLICE}). */
    private static final class Answer extends ByteArrayOutputStream {
        void writeSlicedTo(OutputStream out) throws IOException {
            Bodies.write(out, buf, count);
        }
    }

    /**
     * Answers 401 unless the request bears one of the bearers, then 405 unless it is the method; true if
     * it answered (the request is refused).
     */
    private static boolean refused(HttpExchange exchange, String method, byte[]... bearers) throws IOException {
        boolean admitted = false;
        for (byte[] bearer : bearers) {
            admitted |= bears(bearer, exchange);
        }
        if (!admitted) {
            exchange.sendResponseHeaders(401, -1);
            return true;
        }
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(405, -1);
            return true;
        }
        return false;
    }

    /** Whether the request's Authorization header is exactly the expected one (null expects nothing: refused). */
    private static boolean bears(byte[] expected, HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth != null && expected != null && MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
