package dev.bramble.client.wire;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.bramble.client.internal.CodeBundler;
import dev.bramble.client.wire.model.GraphTask;
import dev.bramble.client.wire.model.TaskReport;
import dev.bramble.client.wire.model.TaskSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;
import retrofit2.converter.scalars.ScalarsConverterFactory;

/**
 * Builds the generated API interfaces on one shared {@link OkHttpClient}, with the bearer key on every
 * request and Jackson for JSON.
 */
public final class WireClients {

    /** The wire protocol this SDK speaks; a controller that speaks another refuses it, naming both. */
    public static final int PROTOCOL_VERSION = 4;

    private WireClients() {
    }

    /**
     * The JSON mapper of the wire: ISO dates (read with a parser made for RFC 3339, see {@link Rfc3339Times}),
     * unknown properties ignored (newer controllers may add some), and the items that go by the thousand
     * ({@link #BULK}) without the properties they do not set.
     */
    public static ObjectMapper mapper() {
        // The controller bounds what it accepts (bramble.limits.max-message-size); a string it took (a task's argument)
        // must not be refused here, where Jackson's default stops at 20 MB and the task would never be read.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("rfc3339-times").addDeserializer(OffsetDateTime.class, new Rfc3339Times()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        // Absent and null mean the same for their optional properties; the values inside them (arguments,
        // results) keep their nulls.
        JsonInclude.Value unsetLeftOut = JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS);
        BULK.forEach(type -> builder.withConfigOverride(type, o -> o.setInclude(unsetLeftOut)));
        return builder.build();
    }

    /**
     * Times as the contract writes them (RFC 3339), read by a parser made for that form, with the offset they
     * have, as Jackson's own reading gives them here; anything that parser refuses is read by Jackson's, with its
     * messages. Every job in an answer carries two times, and reading them through {@code DateTimeFormatter}
     * was about a tenth of a client's CPU in a loop of remote calls (docs/performance.md, W1).
     */
    static final class Rfc3339Times extends StdDeserializer<OffsetDateTime> {

        Rfc3339Times() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                try {
                    return ITU.parseDateTime(p.getText().trim());
                } catch (DateTimeException refused) {
                    // Jackson's reading accepts some ISO 8601 forms RFC 3339 does not.
                }
            }
            return InstantDeserializer.OFFSET_DATE_TIME.deserialize(p, ctxt);
        }
    }

    /**
     * What clients and workers send by the thousand: a job's tasks, a graph's tasks, the reports of a
     * poll. Their unset properties were about a third of a graph request (a null function, expression,
     * code and options per task) and a quarter of a report.
     */
    static final List<Class<?>> BULK = List.of(TaskSpec.class, GraphTask.class, TaskReport.class);

    /**
     * What a client presents to the workers' data servers when it stages values: the SHA-256 (hex) of
     * "bramble-staging:" and the client key (the contract's WorkerRegistered.stagingToken), so that the
     * key itself never goes to a worker.
     */
    public static String stagingToken(String clientKey) {
        return CodeBundler.sha256(("bramble-staging:" + clientKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A new OkHttp client whose connections send every write at once (TCP_NODELAY). OkHttp leaves Nagle's
     * algorithm on, so the end of a request written in more than one piece (a body beyond the first
     * segment) waited for the server's delayed acknowledgement, 40 ms on Linux: a controller read each
     * batch of a worker's reports 40 ms late.
     */
    public static OkHttpClient client() {
        return new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
    }

    /** An OkHttp client that sends the key; derive per-call timeouts from it with {@code newBuilder()}. */
    public static OkHttpClient.Builder authenticated(OkHttpClient base, String key) {
        return base.newBuilder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .header("Authorization", "Bearer " + key)
                .build()));
    }

    /** Retrofit for the generated APIs on the OkHttp client, with Jackson for JSON. */
    public static Retrofit retrofit(URI baseUrl, OkHttpClient http, ObjectMapper mapper) {
        String url = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        return new Retrofit.Builder()
                .baseUrl(url)
                .client(http)
                .addConverterFactory(ScalarsConverterFactory.create())
                .addConverterFactory(JacksonConverterFactory.create(mapper))
                .build();
    }

    /** Sockets with Nagle's algorithm off; OkHttp asks for an unconnected one and connects it itself. */
    private static final class NoDelaySockets extends SocketFactory {
        static final NoDelaySockets INSTANCE = new NoDelaySockets();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }
    }
}
