package dev.bramble.worker.engine;

import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.internal.EngineScope;
import dev.bramble.client.internal.Calls;
import dev.bramble.client.internal.Values;
import dev.bramble.function.EngineContext;
import dev.bramble.client.wire.model.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a Java client's lambdas: fetches each bundle once, keeps a class loader per bundle (the most
 * recently used 64), and reads the lambda and its arguments with that loader.
 */
final class CodeRunner {

    private static final int LOADERS = 64;

    private final BundleSource source;
    private final BlobStorage blobs;
    private final ClassLoader parent = CodeRunner.class.getClassLoader();
    private final Map<String, ClassLoader> loaders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClassLoader> eldest) {
            return size() > LOADERS;
        }
    };

    CodeRunner(BundleSource source, BlobStorage blobs) {
        this.source = source;
        this.blobs = blobs;
    }

    /** A lambda ready to call on an engine, with the loader its arguments must be read with. */
    record Loaded(Object lambda, EngineScope scope, BlobStorage blobs) {
        /** Calls the lambda with the arguments as they came over the wire; the result as it goes back. */
        Object call(List<Object> wireArgs) throws Exception {
            List<Object> args = new ArrayList<>(wireArgs.size());
            for (Object a : wireArgs) {
                args.add(Values.decode(a, scope.loader(), blobs));
            }
            return Values.encode(callDecoded(args), blobs);
        }

        /** Calls the lambda with arguments already read with {@link #loader()}; the result as it is. */
        Object callDecoded(List<Object> args) throws Exception {
            return scope.run(() -> Calls.invoke(lambda, args));
        }

        /** The loader of the lambda's bundle, which its arguments' classes must come from. */
        ClassLoader loader() {
            return scope.loader();
        }
    }

    Loaded load(Code code, EngineContext engine) {
        ClassLoader loader = loader(code.getBundle());
        return new Loaded(Values.deserialize(code.getLambda(), loader), new EngineScope(engine, loader), blobs);
    }

    private ClassLoader loader(String hash) {
        synchronized (loaders) {
            ClassLoader l = loaders.get(hash);
            if (l != null) {
                return l;
            }
        }
        try {
            ClassLoader l = new BundleClassLoader(hash, source.fetch(hash), parent);
            synchronized (loaders) {
                return loaders.computeIfAbsent(hash, h -> l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch bundle " + hash + " from the controller", e);
        }
    }
}
