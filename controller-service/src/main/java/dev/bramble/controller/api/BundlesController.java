package dev.bramble.controller.api;

import dev.bramble.controller.api.model.BundleInfo;
import dev.bramble.controller.api.spec.BundlesApi;
import dev.bramble.controller.scheduler.SchedulerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
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
        byte[] bytes;
        try (InputStream in = body.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bundles.put(hash, bytes);
        return CompletableFuture.completedFuture(ResponseEntity.created(URI.create("/api/v1/bundles/" + hash))
                .body(new BundleInfo().hash(hash).size((long) bytes.length)));
    }

    @Override
    public CompletableFuture<ResponseEntity<Resource>> getBundle(String hash) {
        byte[] bytes = bundles.get(hash).orElseThrow(() -> SchedulerException.notFound("bundle", hash));
        return CompletableFuture.completedFuture(ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new ByteArrayResource(bytes)));
    }
}
