package dev.bramble.client;

import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.internal.Body;
import dev.bramble.client.internal.CodeBundler;
import dev.bramble.client.internal.RawNumbers;
import dev.bramble.client.internal.Values;
import dev.bramble.client.internal.Wire;
import dev.bramble.client.wire.model.ApplyRequest;
import dev.bramble.client.wire.model.Code;
import dev.bramble.client.wire.model.EngineInfo;
import dev.bramble.client.wire.model.Job;
import dev.bramble.client.wire.model.MapRequest;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/** What one client shares among its views: the wire, the code bundler, the bundles already uploaded. */
final class Session {

    /** How long a sync call holds each request at the controller while waiting for a result. */
    static final double SYNC_WAIT_SECONDS = 30;
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Targets that name engines by id ("0", "0,1"). Compiled once: every call on a view asks. */
    private static final Pattern ENGINE_LIST = Pattern.compile("[0-9]{1,9}(,[0-9]{1,9})*");

    final Wire wire;
    final ClassLoader loader;
    final BlobStorage blobs;
    private final CodeBundler bundler;
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    /** Where each engine's worker takes staged values, as the controller last listed them. */
    private final Map<Integer, String> dataUrls = new ConcurrentHashMap<>();

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

    /**
     * Where bulk values for work on these engines go: straight to their workers' data servers (each
     * worker once, for as many reads as it has engines among these), so that the bytes never pass through
     * the controller; through the controller's blobs when a worker cannot be reached or has no room.
     */
    BlobStorage stagingFor(List<Integer> engines, Settings settings) {
        if (settings.retries() > 0) {
            // A retry reads its arguments again; staged values are read once per engine.
            return blobs;
        }
        return new BlobStorage() {
            @Override
            public String put(byte[] bytes) {
                return put(Body.of(bytes));
            }

            /**
             * Staged under a random name (only the workers that read it know it): hashing the bytes is saved. The body
             * is made as it is sent; only a value that falls back to the controller is made into one array.
             */
            @Override
            public String put(Body body) {
                byte[] random = new byte[32];
                RANDOM.nextBytes(random);
                String name = HexFormat.of().formatHex(random);
                return stage(engines, name, body) ? name : blobs.put(body.bytes());
            }

            @Override
            public void store(String hash, byte[] bytes) {
                if (!stage(engines, hash, Body.of(bytes))) {
                    blobs.store(hash, bytes);
                }
            }

            @Override
            public byte[] get(String hash) {
                return blobs.get(hash);
            }
        };
    }

    /** The bulk values of work for the targets: staged at the workers for a list of engine ids, else the controller's. */
    private BlobStorage storageFor(String targets, Settings settings) {
        List<Integer> engines = engineList(targets);
        return engines == null ? blobs : stagingFor(engines, settings);
    }

    /** The engine ids of targets that list them, else null. */
    private static List<Integer> engineList(String targets) {
        if (targets == null || !ENGINE_LIST.matcher(targets).matches()) {
            return null;
        }
        return Arrays.stream(targets.split(",")).map(Integer::valueOf).toList();
    }

    /**
     * Where the bulk values of a result come from: the data server of the worker of the engine that
     * computed it, which holds them while it sends them to the controller (the client need not wait for
     * that copy), else the controller's blobs. Numbers from a worker become their value as they arrive.
     */
    BlobStorage resultBlobs(Integer engine) {
        return new BlobStorage() {
            @Override
            public void store(String hash, byte[] bytes) {
                blobs.store(hash, bytes);
            }

            @Override
            public byte[] get(String hash) {
                String url = dataUrl(engine);
                byte[] held = url == null ? null : wire.fetchHeld(url, hash);
                return held != null ? held : blobs.get(hash);
            }

            @Override
            public Object value(String hash, String type, ClassLoader loader) {
                String url = RawNumbers.reads(type) ? dataUrl(engine) : null;
                Object held = url == null ? null : wire.fetchHeldNumbers(url, hash, type);
                return held != null ? held : BlobStorage.super.value(hash, type, loader);
            }
        };
    }

    /** The data server of the engine's worker, or null for no engine or one the controller lists without. */
    private String dataUrl(Integer engine) {
        if (engine == null) {
            return null;
        }
        knowDataUrls(List.of(engine));
        return dataUrls.get(engine);
    }

    /** Asks the controller where the engines' workers take staged values, unless this client knows it. */
    private void knowDataUrls(List<Integer> engines) {
        if (!dataUrls.keySet().containsAll(engines)) {
            for (EngineInfo e : wire.call(() -> wire.engines.listEngines(), true)) {
                if (e.getDataUrl() != null) {
                    dataUrls.put(e.getId(), e.getDataUrl());
                }
            }
        }
    }

    private boolean stage(List<Integer> engines, String hash, Body body) {
        knowDataUrls(engines);
        Map<String, Integer> reads = new LinkedHashMap<>();
        for (Integer e : engines) {
            String url = dataUrls.get(e);
            if (url == null) {
                return false;
            }
            reads.merge(url, 1, Integer::sum);
        }
        boolean all = wire.stage(reads, hash, body);
        if (!all) {
            // A worker may have restarted on another port: ask the controller again next time.
            dataUrls.clear();
        }
        return all;
    }

    /** What to call: a named function or a lambda's code. */
    record Callee(String function, Code code) {
    }

    <R> AsyncResult<R> apply(String targets, Callee callee, List<?> args, Settings settings, boolean sync,
            Function<List<Object>, R> shape) {
        ApplyRequest request = new ApplyRequest().targets(targets).function(callee.function()).code(callee.code())
                .args(Values.encodeAll(args, storageFor(targets, settings))).options(settings.wire());
        Job job = wire.call(() -> wire.views.apply(request, sync ? SYNC_WAIT_SECONDS : 0.0), false);
        return new AsyncResult<>(this, job, shape, engineList(targets));
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
