package dev.bramble.worker.function;

import dev.bramble.function.FunctionLibrary;
import dev.bramble.function.RemoteFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every function this worker's engines can call by name: the standard library, then the plugins' jars. */
public final class Functions {

    private static final Logger log = LoggerFactory.getLogger(Functions.class);

    private final Map<String, RemoteFunction> byName;

    private Functions(Map<String, RemoteFunction> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The standard library plus every library found in the jars of the folder (which may be missing). */
    public static Functions load(Path plugins) {
        Map<String, RemoteFunction> all = new LinkedHashMap<>(new StandardLibrary().functions());
        if (plugins != null && Files.isDirectory(plugins)) {
            List<URL> jars = new ArrayList<>();
            try (Stream<Path> files = Files.list(plugins)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(p.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the plugins folder " + plugins, e);
            }
            if (!jars.isEmpty()) {
                ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), Functions.class.getClassLoader());
                for (FunctionLibrary library : ServiceLoader.load(FunctionLibrary.class, loader)) {
                    Map<String, RemoteFunction> found = library.functions();
                    all.putAll(found);
                    log.info("Plugin {} adds functions {}", library.getClass().getName(), found.keySet());
                }
            }
        }
        return new Functions(all);
    }

    public RemoteFunction get(String name) {
        return byName.get(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
