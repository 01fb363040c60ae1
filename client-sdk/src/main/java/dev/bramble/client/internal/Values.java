package dev.bramble.client.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How values travel: JSON-shaped values (null, String, Boolean, Integer, finite Double, and lists and
 * string-keyed maps of those) as plain JSON, readable from curl; any other Serializable Java object as
 * {@code {"$java": "<base64 of its serialized form>"}}, so that it comes back as the same type. A value
 * of {@link #BULK} bytes or more travels as a binary body instead, {@code {"$blob": "<sha256>", "$type":
 * "double[]"}}: primitive arrays and lists of Integers or Doubles ("int-list", "double-list") as raw
 * little-endian numbers, other objects serialized. Such a list arrives as a {@link NumberList}.
 */
public final class Values {

    /** The key of an encoded Java object. */
    public static final String JAVA = "$java";
    /** The key of a bulk value stored as a blob. */
    public static final String BLOB = "$blob";
    /** The kind of a blob's bytes: double[], long[], int[], byte[], int-list, double-list or java. */
    public static final String TYPE = "$type";
    /** Values this large (in bytes) travel as binary bodies. */
    public static final int BULK = 64 * 1024;

    private Values() {
    }

    /** A value as it travels; a bulk value goes to the blob storage and travels as a reference. */
    public static Object encode(Object value, BlobStorage blobs) {
        String listType = bulkListType(value);
        if (listType != null) {
            return Map.of(BLOB, blobs.put(RawNumbers.ofList(listType, (List<?>) value)), TYPE, listType);
        }
        if (jsonShaped(value)) {
            return value;
        }
        if (value instanceof Bulk bulk) {
            return Map.of(BLOB, blobs.put(bulk.bytes()), TYPE, bulk.type());
        }
        String type = primitiveArrayType(value);
        if (type != null) {
            Body raw = value instanceof byte[] b ? Body.of(b) : RawNumbers.of(value);
            if (raw.length() >= BULK) {
                return Map.of(BLOB, blobs.put(raw), TYPE, type);
            }
        }
        if (!(value instanceof Serializable)) {
            throw new IllegalArgumentException("a value of type " + value.getClass().getName()
                    + " is neither JSON-shaped nor Serializable, so it cannot travel to an engine");
        }
        byte[] bytes = serialize(value);
        if (bytes.length >= BULK) {
            return Map.of(BLOB, blobs.put(bytes), TYPE, "java");
        }
        return Map.of(JAVA, Base64.getEncoder().encodeToString(bytes));
    }

    /** Every value encoded. */
    public static List<Object> encodeAll(List<?> values, BlobStorage blobs) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(encode(v, blobs));
        }
        return out;
    }

    /**
     * A bulk value whose bytes were fetched but not yet turned into an object (an engine keeps pushed
     * values of the client's classes like this until a lambda, with the client's classes, reads them).
     * Fetched bytes may be shared by several readers and are never modified: decoding makes new objects,
     * and a byte[] value is a copy.
     */
    public record Bulk(String type, byte[] bytes) {
        /** The value, reading classes with the loader. */
        public Object decode(ClassLoader loader) {
            return fromBytes(type, bytes, loader);
        }

        /** Whether decoding reads classes (a serialized object), so that the result depends on the loader. */
        public boolean needsClasses() {
            return type.equals("java");
        }
    }

    /**
     * The value as bytes with their kind, as a blob holds them: primitive arrays as raw little-endian
     * numbers, a {@link Bulk} as it is, anything else serialized ("java").
     */
    public static Bulk bulk(Object value) {
        if (value instanceof Bulk b) {
            return b;
        }
        String type = primitiveArrayType(value);
        if (type != null) {
            return new Bulk(type, value instanceof byte[] b ? b : RawNumbers.of(value).bytes());
        }
        String listType = bulkListType(value);
        if (listType != null) {
            return new Bulk(listType, RawNumbers.ofList(listType, (List<?>) value).bytes());
        }
        return new Bulk("java", serialize(value));
    }

    /** Whether the wire value is a blob reference to a list ("int-list", "double-list"). */
    public static boolean isListBlob(Object wire) {
        return isBlob(wire) && ((Map<?, ?>) wire).get(TYPE) instanceof String t && t.endsWith("-list");
    }

    /** Whether the wire value is a blob reference. */
    public static boolean isBlob(Object wire) {
        return wire instanceof Map<?, ?> m && m.size() == 2 && m.get(BLOB) instanceof String && m.get(TYPE) instanceof String;
    }

    /** Fetches a blob reference's bytes, keeping them undecoded. */
    public static Bulk fetch(Object blobRef, BlobStorage blobs) {
        Map<?, ?> m = (Map<?, ?>) blobRef;
        return new Bulk((String) m.get(TYPE), blobs.get((String) m.get(BLOB)));
    }

    private static String primitiveArrayType(Object v) {
        return v instanceof double[] ? "double[]" : v instanceof long[] ? "long[]" : v instanceof int[] ? "int[]"
                : v instanceof byte[] ? "byte[]" : null;
    }

    /**
     * "int-list" or "double-list" for a list JSON would carry (see {@link #jsonShaped}) of at least
     * {@link #BULK} bytes as numbers, all Integers or all Doubles; else null. Smaller lists stay JSON.
     */
    private static String bulkListType(Object v) {
        if (v instanceof NumberList<?> numbers) {
            return numbers instanceof NumberList.Ints ? (numbers.size() < BULK / 4 ? null : "int-list")
                    : numbers.size() < BULK / 8 ? null : "double-list";
        }
        if (!(v instanceof List<?> list) || list.size() < BULK / 8 || !jsonList(v) || list.get(0) == null) {
            return null;
        }
        Class<?> kind = list.get(0).getClass();
        if (kind != Integer.class && kind != Double.class || kind == Integer.class && list.size() < BULK / 4) {
            return null;
        }
        for (Object o : list) {
            if (o == null || o.getClass() != kind) {
                return null;
            }
        }
        return kind == Integer.class ? "int-list" : "double-list";
    }

    private static Object fromBytes(String type, byte[] bytes, ClassLoader loader) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case "byte[]":
                return bytes.clone();
            case "double[]": {
                double[] d = new double[bytes.length / 8];
                buf.asDoubleBuffer().get(d);
                return d;
            }
            case "long[]": {
                long[] l = new long[bytes.length / 8];
                buf.asLongBuffer().get(l);
                return l;
            }
            case "int[]": {
                int[] i = new int[bytes.length / 4];
                buf.asIntBuffer().get(i);
                return i;
            }
            case "int-list", "double-list":
                return NumberList.fromLittleEndian(type, bytes);
            case "java":
                return deserialize(bytes, loader);
            default:
                throw new IllegalStateException("unknown blob type " + type);
        }
    }

    /** Whether the value travels as JSON: JSON-shaped and not a list long enough to travel as numbers in binary. */
    public static boolean travelsAsJson(Object v) {
        return bulkListType(v) == null && jsonShaped(v);
    }

    /** Whether JSON carries the value as it is: it comes back equal and of the same type. */
    public static boolean jsonShaped(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer) {
            return true;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d);
        }
        if (v instanceof List<?> list && jsonList(v)) {
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

    /**
     * Whether JSON would carry the list's class (its elements aside): ArrayList or the JDK's immutable lists;
     * and a NumberList, which travels as numbers when long and comes back as an ArrayList when short, as the
     * ArrayList it stands for did.
     */
    private static boolean jsonList(Object v) {
        return v instanceof ArrayList || v instanceof NumberList || v.getClass().getName().startsWith("java.util.ImmutableCollections");
    }

    /** Turns what came over the wire back into Java values, loading encoded classes with the loader (no blobs). */
    public static Object decode(Object wire, ClassLoader loader) {
        return decode(wire, loader, null);
    }

    /**
     * Turns what came over the wire back into Java values, fetching blobs and loading classes with the
     * loader. A blob that appears more than once (the same value pulled from several engines) is fetched once.
     */
    public static Object decode(Object wire, ClassLoader loader, BlobStorage blobs) {
        return decode(wire, loader, blobs, new Fetched());
    }

    /**
     * Turns what came over the wire back into Java values, as {@link #decode(Object, ClassLoader, BlobStorage)}
     * does, with the blobs already fetched for the same job's other results not fetched again.
     */
    public static Object decode(Object wire, ClassLoader loader, BlobStorage blobs, Fetched fetched) {
        return decodeValue(wire, loader, blobs, fetched);
    }

    private static Object decodeValue(Object wire, ClassLoader loader, BlobStorage blobs, Fetched fetched) {
        if (wire instanceof Bulk bulk) {
            return bulk.decode(loader);
        }
        if (wire instanceof NumberList<?> numbers) {
            // Nothing in it to decode: a copy as of any list, without a million Integers made on the way.
            return numbers.copy();
        }
        if (wire instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get(JAVA) instanceof String b64) {
                return deserialize(Base64.getDecoder().decode(b64), loader);
            }
            if (isBlob(map)) {
                if (blobs == null) {
                    throw new IllegalStateException("a bulk value arrived where blobs cannot be fetched");
                }
                return fetched.value((String) map.get(BLOB), (String) map.get(TYPE), loader, blobs);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), decodeValue(v, loader, blobs, fetched)));
            return out;
        }
        if (wire instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(decodeValue(o, loader, blobs, fetched));
            }
            return out;
        }
        return wire;
    }

    /**
     * The blobs that one decode, or the decodes of one job's results, fetched: a blob that appears again (a
     * value pulled from several engines) is not fetched again. Each appearance is a value of its own: numbers
     * are copied from the first one, an object is read again from the same bytes.
     */
    public static final class Fetched {
        private final Map<String, Object> seen = new HashMap<>();

        Object value(String hash, String type, ClassLoader loader, BlobStorage blobs) {
            // By hash and type: equal bytes may be values of two types (a double[] and a long[] of zeros).
            String key = type + " " + hash;
            if (type.equals("java")) {
                return deserialize((byte[]) seen.computeIfAbsent(key, k -> blobs.get(hash)), loader);
            }
            Object first = seen.get(key);
            if (first == null) {
                Object value = blobs.value(hash, type, loader);
                seen.put(key, value);
                return value;
            }
            return copyOf(first);
        }

        private static Object copyOf(Object value) {
            if (value instanceof double[] d) {
                return d.clone();
            }
            if (value instanceof long[] l) {
                return l.clone();
            }
            if (value instanceof int[] i) {
                return i.clone();
            }
            if (value instanceof byte[] b) {
                return b.clone();
            }
            return ((NumberList<?>) value).copy();
        }
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
