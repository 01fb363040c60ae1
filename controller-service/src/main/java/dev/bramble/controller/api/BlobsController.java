package dev.bramble.controller.api;

import dev.bramble.controller.api.model.BundleInfo;
import dev.bramble.controller.api.spec.BlobsApi;
import dev.bramble.controller.scheduler.SchedulerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Bulk values as binary bodies: clients put arguments and pushed values, engines put large results. */
@RestController
class BlobsController implements BlobsApi {

    private final Blobs blobs;

    BlobsController(Blobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public CompletableFuture<ResponseEntity<BundleInfo>> putBlob(String hash, Resource body) {
        try {
            long size = blobs.put(hash, body.getInputStream(), body.contentLength());
            return Octets.created("/api/v1/blobs/", hash, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletableFuture<ResponseEntity<Resource>> getBlob(String hash) {
        return blobs.read(hash).thenApply(blob -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(blob.orElseThrow(() -> SchedulerException.notFound("blob", hash))));
    }
}
