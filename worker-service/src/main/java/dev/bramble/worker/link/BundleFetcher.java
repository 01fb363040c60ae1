package dev.bramble.worker.link;

import dev.bramble.client.ConnectionFile;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.api.BundlesApi;
import dev.bramble.worker.engine.BundleSource;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;

/** Fetches bundles from the controller with the engine key. */
public final class BundleFetcher implements BundleSource {

    private final BundlesApi api;

    public BundleFetcher(ConnectionFile file) {
        OkHttpClient http = WireClients.authenticated(new OkHttpClient(), file.key()).readTimeout(Duration.ofSeconds(60)).build();
        this.api = WireClients.retrofit(file.url(), http, WireClients.mapper()).create(BundlesApi.class);
    }

    @Override
    public byte[] fetch(String hash) throws IOException {
        try (ResponseBody body = ControllerLink.execute(api.getBundle(hash))) {
            return body.bytes();
        }
    }
}
