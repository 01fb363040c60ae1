package dev.bramble.worker.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The classes of one bundle, in a loader of their own: two clients' versions of the same class never
 * meet. Everything else (the JDK, Bramble's SDK) comes from the worker's loader.
 */
final class BundleClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes = new HashMap<>();
    private final String hash;

    BundleClassLoader(String hash, byte[] jar, ClassLoader parent) throws IOException {
        super("bundle-" + hash.substring(0, 12), parent);
        this.hash = hash;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                if (e.getName().endsWith(".class")) {
                    String name = e.getName().substring(0, e.getName().length() - ".class".length()).replace('/', '.');
                    classes.put(name, in.readAllBytes());
                }
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name + " (not in bundle " + hash + ")");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] bytes = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }

    @Override
    protected URL findResource(String name) {
        return null;
    }
}
