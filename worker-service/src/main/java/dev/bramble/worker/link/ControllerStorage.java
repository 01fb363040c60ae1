package dev.bramble.worker.link;

import dev.bramble.client.ConnectionFile;
import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.internal.Bodies;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.api.BlobsApi;
import dev.bramble.client.wire.api.BundlesApi;
import dev.bramble.worker.engine.BundleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Retrofit;

/** The controller's bundles and blobs, reached with the engine key. */
public final class ControllerStorage implements BundleSource, BlobStorage {

    private static final MediaType OCTETS = MediaType.get("application/octet-stream");

    private final BundlesApi bundles;
    private final BlobsApi blobs;

    public ControllerStorage(ConnectionFile file) {
        OkHttpClient http = WireClients.authenticated(WireClients.client(), file.key()).readTimeout(Duration.ofSeconds(120))
                .writeTimeout(Duration.ofSeconds(120)).build();
        Retrofit retrofit = WireClients.retrofit(file.url(), http, WireClients.mapper());
        this.bundles = retrofit.create(BundlesApi.class);
        this.blobs = retrofit.create(BlobsApi.class);
    }

    @Override
    public byte[] fetch(String hash) throws IOException {
        try (ResponseBody body = ControllerLink.execute(bundles.getBundle(hash))) {
            return body.bytes();
        }
    }

    @Override
    public void store(String hash, byte[] bytes) {
        try {
            ControllerLink.execute(blobs.putBlob(hash, RequestBody.create(bytes, OCTETS)));
        } catch (IOException e) {
            throw new UncheckedIOException("storing a result of " + bytes.length + " bytes at the controller failed", e);
        }
    }

    @Override
    public byte[] get(String hash) {
        try (ResponseBody body = ControllerLink.execute(blobs.getBlob(hash))) {
            return Bodies.bytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("fetching blob " + hash + " from the controller failed", e);
        }
    }
}
