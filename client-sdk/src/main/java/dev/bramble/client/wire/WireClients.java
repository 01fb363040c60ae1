package dev.bramble.client.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bramble.client.internal.CodeBundler;
import java.net.URI;
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
    public static final int PROTOCOL_VERSION = 2;

    private WireClients() {
    }

    /** The JSON mapper of the wire: ISO dates, unknown properties ignored (newer controllers may add some). */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    /**
     * What a client presents to the workers' data servers when it stages values: the SHA-256 (hex) of
     * "bramble-staging:" and the client key (the contract's WorkerRegistered.stagingToken), so that the
     * key itself never goes to a worker.
     */
    public static String stagingToken(String clientKey) {
        return CodeBundler.sha256(("bramble-staging:" + clientKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
}
