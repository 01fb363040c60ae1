package dev.bramble.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.BrambleApiException;
import dev.bramble.client.BrambleConnectionException;
import dev.bramble.client.BrambleException;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.api.BlobsApi;
import dev.bramble.client.wire.api.BundlesApi;
import dev.bramble.client.wire.api.EnginesApi;
import dev.bramble.client.wire.api.InfoApi;
import dev.bramble.client.wire.api.GraphsApi;
import dev.bramble.client.wire.api.JobsApi;
import dev.bramble.client.wire.api.TasksApi;
import dev.bramble.client.wire.api.ViewsApi;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * The generated wire APIs on one OkHttp client, and the one way to call them: retry with backoff
 * while the controller is away (for as long as the retry time), and turn every failure into one of the
 * SDK's exceptions.
 */
public final class Wire implements AutoCloseable {

    /** The view calls. */
    public final ViewsApi views;
    /** Jobs. */
    public final JobsApi jobs;
    /** Task graphs. */
    public final GraphsApi graphs;
    /** Tasks. */
    public final TasksApi tasks;
    /** The engine registry. */
    public final EnginesApi engines;
    /** The controller's description. */
    public final InfoApi info;
    /** Code bundles. */
    public final BundlesApi bundles;
    /** Bulk values. */
    public final BlobsApi blobs;
    private final OkHttpClient http;
    private final DataServers dataServers;
    private final ObjectMapper json = WireClients.mapper();
    private final URI url;
    private final Duration retryFor;

    /** The wire to the controller at the URL, retrying for the given time while it is unreachable. */
    public Wire(URI url, String key, Duration retryFor) {
        this.url = url;
        this.retryFor = retryFor;
        this.http = WireClients.authenticated(WireClients.client(), key)
                // Retries are decided here: OkHttp's own would repeat a submit that may have arrived.
                .retryOnConnectionFailure(false)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(90))
                .writeTimeout(Duration.ofSeconds(60))
                .build();
        // The staging token as bearer, never the client key.
        this.dataServers = new DataServers(WireClients.stagingToken(key));
        Retrofit retrofit = WireClients.retrofit(url, http, json);
        this.views = retrofit.create(ViewsApi.class);
        this.jobs = retrofit.create(JobsApi.class);
        this.graphs = retrofit.create(GraphsApi.class);
        this.tasks = retrofit.create(TasksApi.class);
        this.engines = retrofit.create(EnginesApi.class);
        this.info = retrofit.create(InfoApi.class);
        this.bundles = retrofit.create(BundlesApi.class);
        this.blobs = retrofit.create(BlobsApi.class);
    }

    /** The controller's URL. */
    public URI url() {
        return url;
    }

    /**
     * Makes the call. A call that changes nothing ({@code idempotent}) is repeated after any network
     * error or 502/503/504; one that submits work only when the connection was refused (it never reached
     * the controller) or when the controller answered 503 with Retry-After (it took nothing: it holds as
     * much unfinished work as its memory allows, see bramble.scheduler.task-memory), so work is never
     * submitted twice.
     */
    public <T> T call(Supplier<Call<T>> call, boolean idempotent) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoff = 100;
        while (true) {
            IOException failure;
            BrambleApiException busy = null;
            try {
                Response<T> r = call.get().execute();
                if (r.isSuccessful()) {
                    return r.body();
                }
                BrambleApiException e = problem(r);
                boolean comeBack = r.code() == 503 && r.headers().get("Retry-After") != null;
                if (!(comeBack || idempotent && (r.code() == 502 || r.code() == 503 || r.code() == 504))) {
                    throw e;
                }
                busy = comeBack ? e : null;
                failure = new IOException(e.getMessage());
            } catch (JsonProcessingException e) {
                throw new BrambleException("the controller at " + url + " answered with a body this SDK cannot read ("
                        + e.getOriginalMessage() + "); are the SDK and the controller the same version?", e);
            } catch (ConnectException e) {
                failure = e;
            } catch (IOException e) {
                if (!idempotent) {
                    throw new BrambleConnectionException("the connection to the controller at " + url + " broke while submitting ("
                            + e.getMessage() + "); the work may or may not have been accepted: list the jobs to see", e);
                }
                failure = e;
            } catch (RuntimeException e) {
                if (e instanceof BrambleException) {
                    throw e;
                }
                throw new BrambleException("the controller at " + url + " answered with something this SDK cannot read (" + e + ")", e);
            }
            if (System.nanoTime() > deadline) {
                if (busy != null) {
                    throw busy;
                }
                throw new BrambleConnectionException("the controller at " + url + " has not answered for " + retryFor.toSeconds()
                        + " s (" + failure.getMessage() + "); is it running?", failure);
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 2_000);
        }
    }

    private BrambleApiException problem(Response<?> r) {
        String body = "";
        try {
            body = r.errorBody() == null ? "" : r.errorBody().string();
            JsonNode p = json.readTree(body);
            return new BrambleApiException(r.code(), text(p, "title"), text(p, "detail"), body);
        } catch (IOException | RuntimeException e) {
            return new BrambleApiException(r.code(), r.message(), body.isEmpty() ? null : body, body);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrambleException("interrupted while waiting for the controller", e);
        }
    }

    /** The controller's blobs as this client's bulk value storage. */
    public BlobStorage blobStorage() {
        MediaType octets = MediaType.get("application/octet-stream");
        return new BlobStorage() {
            @Override
            public void store(String hash, byte[] bytes) {
                call(() -> blobs.putBlob(hash, RequestBody.create(bytes, octets)), true);
            }

            @Override
            public byte[] get(String hash) {
                try (ResponseBody body = call(() -> blobs.getBlob(hash), true)) {
                    return Bodies.bytes(body);
                } catch (IOException e) {
                    throw new BrambleConnectionException("reading blob " + hash + " from " + url + " failed: " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * Stages a bulk value at workers' data servers (see the contract's EngineInfo.dataUrl), at each for that
     * many reads by tasks (URL to reads), all at once. True if every worker took it; false if one did not, for
     * whatever reason: the caller then sends it through the controller.
     */
    public boolean stage(Map<String, Integer> readsByUrl, String name, Body body) {
        return dataServers.stage(readsByUrl, name, body);
    }

    /**
     * A bulk result as the worker that computed it still holds it (see the contract's EngineInfo.dataUrl),
     * or null when it does not, or cannot be reached: the controller's blobs have it then.
     */
    public byte[] fetchHeld(String dataUrl, String hash) {
        return dataServers.fetch(dataUrl, hash);
    }

    /**
     * The value of a bulk result of numbers ({@link RawNumbers#reads}) as the worker that computed it still
     * holds it, read as the bytes arrive; null as for {@link #fetchHeld}.
     */
    public Object fetchHeldNumbers(String dataUrl, String hash, String type) {
        return dataServers.fetchNumbers(dataUrl, hash, type);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        dataServers.close();
    }
}
