package dev.bramble.client.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How values travel: JSON-shaped values (null, String, Boolean, Integer, finite Double, and lists and
 * string-keyed maps of those) as plain JSON, readable from curl; any other Serializable Java object as
 * {@code {"$java": "<base64 of its serialized form>"}}, so that it comes back as the same type.
 */
public final class Values {

    /** The key of an encoded Java object. */
    public static final String JAVA = "$java";

    private Values() {
    }

    /** A value as it travels: itself when JSON-shaped, else its typed Java encoding. */
    public static Object encode(Object value) {
        if (jsonShaped(value)) {
            return value;
        }
        if (!(value instanceof Serializable)) {
            throw new IllegalArgumentException("a value of type " + value.getClass().getName()
                    + " is neither JSON-shaped nor Serializable, so it cannot travel to an engine");
        }
        return Map.of(JAVA, Base64.getEncoder().encodeToString(serialize(value)));
    }

    /** Every value encoded. */
    public static List<Object> encodeAll(List<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(encode(v));
        }
        return out;
    }

    /** Whether JSON carries the value as it is: it comes back equal and of the same type. */
    public static boolean jsonShaped(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer) {
            return true;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d);
        }
        if (v instanceof List<?> list && (v instanceof ArrayList || v.getClass().getName().startsWith("java.util.ImmutableCollections"))) {
            for (Object o : list) {
                if (!jsonShaped(o)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Map<?, ?> map && (v instanceof LinkedHashMap || v instanceof java.util.HashMap
                || v.getClass().getName().startsWith("java.util.ImmutableCollections"))) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || JAVA.equals(e.getKey()) || !jsonShaped(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Turns what came over the wire back into Java values, loading encoded classes with the loader. */
    public static Object decode(Object wire, ClassLoader loader) {
        if (wire instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get(JAVA) instanceof String b64) {
                return deserialize(Base64.getDecoder().decode(b64), loader);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), decode(v, loader)));
            return out;
        }
        if (wire instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(decode(o, loader));
            }
            return out;
        }
        return wire;
    }

    /** Java serialization of the value. */
    public static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /** Reads a serialized value, resolving classes with the loader. */
    public static Object deserialize(byte[] bytes, ClassLoader loader) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a serialized value: " + e, e);
        }
    }

    /** Resolves classes with a given loader (a bundle's, on an engine). */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
