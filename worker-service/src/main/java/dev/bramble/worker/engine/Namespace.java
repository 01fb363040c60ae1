package dev.bramble.worker.engine;

import dev.bramble.client.internal.Values;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * An engine's namespace: the names that push, lambdas and expressions set. A bulk value pushed to several
 * engines of this worker arrives once, as bytes that those engines share and nobody modifies (ipyparallel's
 * engines likewise build a pushed array over the message's buffer). Each engine keeps the bytes as they came
 * until something reads the name; the first read turns them into the engine's own value (a {@code double[]},
 * a {@link dev.bramble.client.internal.NumberList}) and keeps that, so that a change to it stays. A pull of a
 * name nobody read sends the bytes on as they came ({@link #asPushed}), without encoding them again. Values of
 * the client's own classes stay bytes, which each lambda reads with its own classes. Only the engine's thread
 * uses it.
 */
final class Namespace extends AbstractMap<String, Object> {

    private final Map<String, Object> values = new HashMap<>();

    /** Sets the name to a value as pushed: a bulk value's bytes stay undecoded until the name is read. */
    void push(String name, Object value) {
        values.put(name, value);
    }

    /** The value as it was pushed (the shared bytes of a bulk value not yet read), else as it is now; null if none. */
    Object asPushed(String name) {
        return values.get(name);
    }

    @Override
    public Object get(Object name) {
        Object value = values.get(name);
        if (value instanceof Values.Bulk bulk && !bulk.needsClasses()) {
            value = bulk.decode(Namespace.class.getClassLoader());
            values.put((String) name, value);
        }
        return value;
    }

    @Override
    public boolean containsKey(Object name) {
        return values.containsKey(name);
    }

    @Override
    public Object put(String name, Object value) {
        return decoded(values.put(name, value));
    }

    @Override
    public Object remove(Object name) {
        return decoded(values.remove(name));
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public void clear() {
        values.clear();
    }

    @Override
    public Set<String> keySet() {
        return values.keySet();
    }

    /** Entries whose values are read as {@link #get} reads them. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, Object>> it = values.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        Entry<String, Object> e = it.next();
                        Object value = e.getValue();
                        if (value instanceof Values.Bulk bulk && !bulk.needsClasses()) {
                            e.setValue(bulk.decode(Namespace.class.getClassLoader()));
                        }
                        return e;
                    }

                    @Override
                    public void remove() {
                        it.remove();
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }

    /** A value that left the namespace as its readers would have read it. */
    private static Object decoded(Object value) {
        return value instanceof Values.Bulk bulk && !bulk.needsClasses() ? bulk.decode(Namespace.class.getClassLoader()) : value;
    }
}
