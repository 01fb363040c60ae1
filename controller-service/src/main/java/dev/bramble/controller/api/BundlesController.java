package dev.bramble.controller.api;

import dev.bramble.controller.api.model.BundleInfo;
import dev.bramble.controller.api.spec.BundlesApi;
import dev.bramble.controller.scheduler.SchedulerException;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Code bundles: stored as opaque bytes under their SHA-256, never loaded here. */
@RestController
class BundlesController implements BundlesApi {

    private final Bundles bundles;

    BundlesController(Bundles bundles) {
        this.bundles = bundles;
    }

    @Override
    public CompletableFuture<ResponseEntity<BundleInfo>> putBundle(String hash, Resource body) {
        byte[] bytes = Octets.read(body);
        bundles.put(hash, bytes);
        return Octets.created("/api/v1/bundles/", hash, bytes.length);
    }

    @Override
    public CompletableFuture<ResponseEntity<Resource>> getBundle(String hash) {
        return Octets.body(bundles.get(hash).orElseThrow(() -> SchedulerException.notFound("bundle", hash)));
    }
}
