package dev.bramble.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bulk bodies to and from the workers' data servers: values staged there for work on their engines, and
 * results they still hold. These go over the JDK's {@link HttpURLConnection} with fixed-length bodies written
 * and read in slices of {@link Bodies#SLICE}; every call to the controller stays on OkHttp. OkHttp moves a body
 * in 8 KiB segments, each its own write or read on the socket and one more copy: 10 MB over loopback took 9 to
 * 11 ms each way, against 6 here (docs/performance.md, "Per byte"). A transfer that fails for whatever reason
 * answers false or null: the caller then goes through the controller.
 */
final class DataServers implements AutoCloseable {

    static final Duration CONNECT = Duration.ofSeconds(2);
    /** The longest a staging may take, body included (HttpURLConnection's own timeouts do not bound a write). */
    static final Duration STAGE_FOR = Duration.ofSeconds(60);
    static final Duration READ = Duration.ofSeconds(30);

    private final String authorization;
    /** Stagings to all but one of several workers run here, at once; the caller's thread does the last. */
    private final ExecutorService parallel = Executors.newCachedThreadPool(daemon("bramble-staging"));
    /** Cuts off a staging that passed {@link #STAGE_FOR}. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, daemon("bramble-staging-deadline"));

    /** Calls with the staging token as bearer (the client key never goes to a worker). */
    DataServers(String stagingToken) {
        this.authorization = "Bearer " + stagingToken;
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Stages the bytes under the name at each data server for that many reads (URL to reads), all at once;
     * true if every one took them.
     */
    boolean stage(Map<String, Integer> readsByUrl, String name, Body body) {
        List<CompletableFuture<Boolean>> others = new ArrayList<>();
        Map.Entry<String, Integer> last = null;
        for (Map.Entry<String, Integer> e : readsByUrl.entrySet()) {
            if (last != null) {
                Map.Entry<String, Integer> other = last;
                others.add(CompletableFuture.supplyAsync(() -> stage(other.getKey(), name, body, other.getValue()), parallel));
            }
            last = e;
        }
        boolean all = last == null || stage(last.getKey(), name, body, last.getValue());
        // Every answer, not just up to the first refusal: a worker that took the value reads it from its stage.
        for (CompletableFuture<Boolean> f : others) {
            all &= f.join();
        }
        return all;
    }

    private boolean stage(String dataUrl, String name, Body body, int reads) {
        HttpURLConnection c = open(dataUrl + "/data/staged/" + name + "?uses=" + reads);
        if (c == null) {
            return false;
        }
        ScheduledFuture<?> deadline = deadlines.schedule(c::disconnect, STAGE_FOR.toMillis(), TimeUnit.MILLISECONDS);
        try {
            c.setRequestMethod("PUT");
            c.setRequestProperty("Content-Type", "application/octet-stream");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length());
            try (OutputStream out = c.getOutputStream()) {
                body.writeTo(out);
            }
            int code = c.getResponseCode();
            discard(c, code);
            return code == 204;
        } catch (IOException | RuntimeException e) {
            c.disconnect();
            return false;
        } finally {
            deadline.cancel(false);
        }
    }

    /** The bytes the data server holds under the hash, or null when it does not hold them or cannot be reached. */
    byte[] fetch(String dataUrl, String hash) {
        return fetch(dataUrl, hash, Bodies::exactly);
    }

    /**
     * The value of a blob of numbers ({@link RawNumbers#reads}) that the data server holds, read as its bytes
     * arrive, or null when it does not hold them or cannot be reached.
     */
    Object fetchNumbers(String dataUrl, String hash, String type) {
        return fetch(dataUrl, hash, (in, length) -> RawNumbers.read(in, type, length));
    }

    /** How a body of a known length is read. */
    private interface Reader<T> {
        T read(InputStream in, int length) throws IOException;
    }

    private <T> T fetch(String dataUrl, String hash, Reader<T> reader) {
        HttpURLConnection c = open(dataUrl + "/data/blobs/" + hash);
        if (c == null) {
            return null;
        }
        try {
            int code = c.getResponseCode();
            long length = c.getContentLengthLong();
            if (code != 200 || length < 0 || length > Integer.MAX_VALUE - 8) {
                discard(c, code);
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                return reader.read(in, (int) length);
            }
        } catch (IOException | RuntimeException e) {
            c.disconnect();
            return null;
        }
    }

    private HttpURLConnection open(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout((int) CONNECT.toMillis());
            c.setReadTimeout((int) READ.toMillis());
            c.setUseCaches(false);
            c.setRequestProperty("Authorization", authorization);
            return c;
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }

    /** Reads what is left of an answer, so that its connection can serve the next call. */
    private static void discard(HttpURLConnection c, int code) throws IOException {
        try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        parallel.shutdownNow();
        deadlines.shutdownNow();
    }
}
