package dev.bramble.client;

import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.internal.CodeBundler;
import dev.bramble.client.internal.Values;
import dev.bramble.client.internal.Wire;
import dev.bramble.client.wire.model.ApplyRequest;
import dev.bramble.client.wire.model.Code;
import dev.bramble.client.wire.model.Job;
import dev.bramble.client.wire.model.MapRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/** What one client shares among its views: the wire, the code bundler, the bundles already uploaded. */
final class Session {

    /** How long a sync call holds each request at the controller while waiting for a result. */
    static final double SYNC_WAIT_SECONDS = 30;
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");

    final Wire wire;
    final ClassLoader loader;
    final BlobStorage blobs;
    private final CodeBundler bundler;
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

    Session(Wire wire, ClassLoader loader) {
        this.wire = wire;
        this.loader = loader;
        this.blobs = wire.blobStorage();
        this.bundler = new CodeBundler(loader);
    }

    /** Packs a lambda and uploads its bundle unless this client already did. */
    Code code(Serializable lambda) {
        CodeBundler.Packed packed = bundler.pack(lambda);
        String hash = packed.bundle().hash();
        if (!uploaded.contains(hash)) {
            byte[] jar = packed.bundle().jar();
            wire.call(() -> wire.bundles.putBundle(hash, RequestBody.create(jar, OCTETS)), true);
            uploaded.add(hash);
        }
        return new Code().bundle(hash).lambda(packed.lambda());
    }

    /** What to call: a named function or a lambda's code. */
    record Callee(String function, Code code) {
    }

    <R> AsyncResult<R> apply(String targets, Callee callee, List<?> args, Settings settings, boolean sync,
            Function<List<Object>, R> shape) {
        ApplyRequest request = new ApplyRequest().targets(targets).function(callee.function()).code(callee.code())
                .args(Values.encodeAll(args, blobs)).options(settings.wire());
        Job job = wire.call(() -> wire.views.apply(request, sync ? SYNC_WAIT_SECONDS : 0.0), false);
        return new AsyncResult<>(this, job, shape);
    }

    <R> AsyncResult<List<R>> map(String targets, Callee callee, List<? extends List<?>> sequences, Settings settings, boolean sync) {
        List<Object> encoded = new ArrayList<>(sequences.size());
        for (List<?> s : sequences) {
            encoded.add(Values.encodeAll(s, blobs));
        }
        Integer chunk = targets == null ? chunkSize(settings, sequences.isEmpty() ? 0 : sequences.get(0).size()) : null;
        MapRequest request = new MapRequest().targets(targets).function(callee.function()).code(callee.code()).sequences(encoded)
                .chunkSize(chunk).options(settings.wire());
        Job job = wire.call(() -> wire.views.map(request, sync ? SYNC_WAIT_SECONDS : 0.0), false);
        return new AsyncResult<>(this, job, AsyncResult::cast);
    }

    /** The view's chunk size, or about four chunks per connected engine when it has none. */
    private int chunkSize(Settings settings, int elements) {
        if (settings.chunkSize() > 0) {
            return settings.chunkSize();
        }
        long engines = wire.call(() -> wire.engines.listEngines(), true).stream()
                .filter(e -> e.getState() == dev.bramble.client.wire.model.EngineState.ACTIVE).count();
        return (int) Math.max(1, (elements + 4 * Math.max(1, engines) - 1) / (4 * Math.max(1, engines)));
    }

    static Callee named(String function) {
        if (function == null || function.isBlank()) {
            throw new IllegalArgumentException("function name is empty");
        }
        return new Callee(function, null);
    }

    Callee lambda(Serializable lambda) {
        return new Callee(null, code(lambda));
    }
}
