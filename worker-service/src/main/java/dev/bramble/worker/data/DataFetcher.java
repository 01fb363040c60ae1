package dev.bramble.worker.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.internal.Values;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches graph results from the workers that hold them, straight from their data servers (never
 * through the controller): everything one task needs from one worker in one request. Counts what it
 * fetched, for the controller's metrics.
 */
public final class DataFetcher {

    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** A fetcher sending the engine key. */
    public DataFetcher(OkHttpClient base, String engineKey, ObjectMapper json) {
        this.http = base.newBuilder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .header("Authorization", "Bearer " + engineKey).build())).build();
        this.json = json;
    }

    /**
     * Fetches the data ids from the workers serving them (url to ids). What could not be fetched (its
     * worker is gone, or no longer holds it) is missing from the answer.
     */
    public Map<String, DataStore.Entry> fetch(Map<String, List<String>> idsByUrl) {
        Map<String, DataStore.Entry> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : idsByUrl.entrySet()) {
            fetchFrom(e.getKey(), e.getValue(), out);
        }
        return out;
    }

    private void fetchFrom(String url, List<String> ids, Map<String, DataStore.Entry> out) {
        Request request = new Request.Builder().url(url + "/data").post(RequestBody.create(String.join("\n", ids), TEXT)).build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                return;
            }
            DataInputStream in = new DataInputStream(body.byteStream());
            for (String id : ids) {
                Frames.Frame f = Frames.read(in);
                if (f.kind().isEmpty()) {
                    continue;
                }
                fetches.incrementAndGet();
                bytes.addAndGet(f.bytes().length);
                out.put(id, new DataStore.Entry(value(f), null, f.bytes().length));
            }
        } catch (IOException e) {
            // What was read stays; the rest is reported missing and computed again.
        }
    }

    private Object value(Frames.Frame f) throws IOException {
        return switch (f.kind()) {
            case "json" -> json.readValue(f.bytes(), Object.class);
            case "java" -> new Values.Bulk("java", f.bytes());
            default -> new Values.Bulk(f.kind(), f.bytes()).decode(DataFetcher.class.getClassLoader());
        };
    }

    /** Results fetched from other workers since this worker started. */
    public long fetches() {
        return fetches.get();
    }

    /** Bytes fetched from other workers since this worker started. */
    public long bytes() {
        return bytes.get();
    }
}
