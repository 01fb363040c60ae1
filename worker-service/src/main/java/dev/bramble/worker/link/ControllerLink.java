package dev.bramble.worker.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.ConnectionFile;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.api.WorkersApi;
import dev.bramble.client.wire.model.PollRequest;
import dev.bramble.client.wire.model.PollResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The controller as the worker sees it: the generated worker API on an authenticated OkHttp client, and
 * the polls on the JDK's {@link HttpURLConnection} with the same generated models.
 *
 * <p>Polls are two of the three exchanges of every remote call. In a profile of the worker during a run of
 * sequential calls, the generated client's layers around each poll (building the request from the
 * interface, parsing its URL, the interceptors) and OkHttp's side threads (a timeout watchdog and a
 * connection-pool clean-up, both woken at every exchange) were most of the worker's CPU; a poll here is
 * one JSON body written and one read on a kept-alive connection.
 */
final class ControllerLink {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    /** How long a poll's exchange may take beyond the wait it asks for; with it, the generated client's read timeout. */
    private static final Duration BEYOND_WAIT = Duration.ofSeconds(15);
    private static final Duration WRITE = Duration.ofSeconds(60);

    private final WorkersApi api;
    private final ConnectionFile file;
    private final ObjectMapper json;
    private final String authorization;
    private final Duration pollWait;
    private final Duration overdue;
    private final Set<Poll> inFlight = ConcurrentHashMap.newKeySet();
    /** The poll address of the worker id last polled for (a worker keeps its id). */
    private volatile PollAddress pollAddress;

    private record PollAddress(String workerId, URL url) {
    }

    ControllerLink(ConnectionFile file, ObjectMapper json, Duration pollWait) {
        this(file, json, pollWait, WRITE);
    }

    /** @param overdue how long a poll may take beyond the wait it asks for before {@link #endOverduePolls} ends it */
    ControllerLink(ConnectionFile file, ObjectMapper json, Duration pollWait, Duration overdue) {
        this.file = file;
        this.overdue = overdue;
        this.json = json;
        this.pollWait = pollWait;
        this.authorization = "Bearer " + file.key();
        OkHttpClient http = WireClients.authenticated(WireClients.client(), file.key())
                .connectTimeout(CONNECT)
                .readTimeout(pollWait.plus(BEYOND_WAIT))
                .writeTimeout(WRITE)
                .build();
        this.api = WireClients.retrofit(file.url(), http, json).create(WorkersApi.class);
    }

    WorkersApi api() {
        return api;
    }

    ConnectionFile file() {
        return file;
    }

    /** A poll of the worker's, to be sent with {@link Poll#execute}. */
    Poll poll(String workerId, PollRequest request) {
        return new Poll(workerId, request);
    }

    /**
     * Ends the polls that have taken longer than their deadline (the wait they asked for, and a minute more
     * by default): a read is bounded by the connection's timeout, a write is not.
     */
    void endOverduePolls() {
        long now = System.nanoTime();
        for (Poll p : inFlight) {
            if (now - p.deadline > 0) {
                p.cancel();
            }
        }
    }

    private URL pollUrl(String workerId) throws IOException {
        PollAddress a = pollAddress;
        if (a == null || !a.workerId().equals(workerId)) {
            a = new PollAddress(workerId, URI.create(file.url() + "/api/v1/workers/" + workerId + "/poll").toURL());
            pollAddress = a;
        }
        return a.url();
    }

    /** One poll, on a connection of its own while it runs; {@link #cancel} ends it from another thread. */
    final class Poll {
        private final String workerId;
        private final PollRequest request;
        private volatile HttpURLConnection connection;
        private volatile boolean cancelled;
        private volatile long deadline;

        private Poll(String workerId, PollRequest request) {
            this.workerId = workerId;
            this.request = request;
        }

        /** Sends the poll and reads the answer; a non-2xx answer is a {@link RefusedException}. */
        PollResponse execute() throws IOException {
            byte[] body = json.writeValueAsBytes(request);
            long waitMs = request.getWaitMs() == null ? 0 : request.getWaitMs();
            HttpURLConnection c = (HttpURLConnection) pollUrl(workerId).openConnection();
            connection = c;
            deadline = System.nanoTime() + Duration.ofMillis(waitMs).plus(overdue).toNanos();
            inFlight.add(this);
            try {
                if (cancelled) {
                    throw new IOException("Canceled");
                }
                c.setConnectTimeout((int) CONNECT.toMillis());
                c.setReadTimeout((int) pollWait.plus(BEYOND_WAIT).toMillis());
                c.setUseCaches(false);
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Authorization", authorization);
                c.setRequestProperty("Content-Type", "application/json");
                c.setRequestProperty("Accept", "application/json");
                // Not in streaming mode: the connection then sends the headers and the body in one write. Streamed
                // (headers first, then the body), a poll on loopback took about 1.4 ms instead of 0.2 to 0.4 ms.
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                int code = c.getResponseCode();
                if (code / 100 != 2) {
                    String problem;
                    try (InputStream err = c.getErrorStream()) {
                        problem = err == null ? "" : new String(err.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    throw new RefusedException(code, problem);
                }
                try (InputStream in = c.getInputStream()) {
                    return json.readValue(in, PollResponse.class);
                }
            } catch (RefusedException e) {
                throw e;
            } catch (IOException e) {
                c.disconnect();
                throw cancelled ? new IOException("Canceled", e) : e;
            } catch (RuntimeException e) {
                c.disconnect();
                throw e;
            } finally {
                inFlight.remove(this);
            }
        }

        /** Ends the poll: its connection is closed, and {@link #execute} throws an IOException. */
        void cancel() {
            cancelled = true;
            HttpURLConnection c = connection;
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** Runs the call; a non-2xx answer becomes {@link RefusedException} with the problem's text. */
    static <T> T execute(Call<T> call) throws IOException {
        Response<T> response = call.execute();
        if (!response.isSuccessful()) {
            String body = response.errorBody() == null ? "" : response.errorBody().string();
            throw new RefusedException(response.code(), body);
        }
        return response.body();
    }

    /** The controller answered with an error status. */
    static final class RefusedException extends IOException {
        final int status;

        RefusedException(int status, String body) {
            super("the controller answered " + status + ": " + body);
            this.status = status;
        }
    }
}
