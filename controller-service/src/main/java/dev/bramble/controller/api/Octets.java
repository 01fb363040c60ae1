package dev.bramble.controller.api;

import dev.bramble.controller.api.model.BundleInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Binary bodies in and out, shared by the bundle and blob endpoints. */
final class Octets {

    private Octets() {
    }

    static byte[] read(Resource body) {
        try (InputStream in = body.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletableFuture<ResponseEntity<BundleInfo>> created(String path, String hash, long size) {
        return CompletableFuture.completedFuture(ResponseEntity.created(URI.create(path + hash))
                .body(new BundleInfo().hash(hash).size(size)));
    }

    static CompletableFuture<ResponseEntity<Resource>> body(byte[] bytes) {
        return CompletableFuture.completedFuture(ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new ByteArrayResource(bytes)));
    }
}
