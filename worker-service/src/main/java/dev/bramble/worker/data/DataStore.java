package dev.bramble.worker.data;

import dev.bramble.client.internal.Values;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The graph results this worker holds, by data id, until the controller says they may go. A value keeps
 * the class loader of the code that made it: a task whose code came in another bundle gets a copy read
 * with its own loader, so that two clients' versions of a class never meet.
 */
public final class DataStore {

    /** A held value, its loader (null for values of the JDK and Bramble) and about how many bytes it takes. */
    public record Entry(Object value, ClassLoader loader, long bytes) {

        /** The value for code of the loader: itself where that is safe, else a copy read with that loader. */
        public Object valueFor(ClassLoader reader) {
            if (value instanceof Values.Bulk bulk) {
                return bulk.decode(reader);
            }
            if (loader == null || loader == reader || Values.jsonShaped(value) || value.getClass().isArray()
                    && value.getClass().getComponentType().isPrimitive()) {
                return value;
            }
            return Values.deserialize(Values.serialize(value), reader);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Keeps a value; returns its entry. */
    public Entry put(String dataId, Object value, ClassLoader loader) {
        Entry e = new Entry(value, loader, Sizes.of(value));
        entries.put(dataId, e);
        return e;
    }

    /** The entry, or null if this worker does not hold it. */
    public Entry get(String dataId) {
        return entries.get(dataId);
    }

    public void drop(Collection<String> dataIds) {
        dataIds.forEach(entries::remove);
    }

    /** Forgets everything (the controller forgot this worker). */
    public void clear() {
        entries.clear();
    }
}
