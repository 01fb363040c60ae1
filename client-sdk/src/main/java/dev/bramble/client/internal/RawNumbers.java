package dev.bramble.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Arrays of numbers and lists of Integers or Doubles as the raw little-endian numbers their blobs hold
 * ({@code double[]}, {@code long[]}, {@code int[]}, {@code int-list}, {@code double-list}), written and read
 * in slices through a buffer of {@link Bodies#SLICE}: a 10 MB array goes on the wire, or comes off it, without
 * a 10 MB byte[] beside it. Such a byte[] is memory touched for the first time in each of a JVM's first rounds,
 * which on the machine of the benchmarks cost about 28 ms per 10 MB in page faults (docs/performance.md,
 * "Per byte").
 */
public final class RawNumbers {

    private RawNumbers() {
    }

    /** Whether {@link #read} reads blobs of this type. */
    public static boolean reads(String type) {
        return width(type) > 0;
    }

    /** Bytes per number of the type; 0 for a type that is not numbers. */
    private static int width(String type) {
        return switch (type) {
            case "double[]", "long[]", "double-list" -> 8;
            case "int[]", "int-list" -> 4;
            default -> 0;
        };
    }

    /**
     * The value a blob of the type holds, read from exactly length bytes of the stream: a new {@code double[]},
     * {@code long[]} or {@code int[]}, or a {@link NumberList}.
     * @throws IllegalArgumentException if the type is not one of numbers, or length is not a whole number of them
     */
    public static Object read(InputStream in, String type, int length) throws IOException {
        int width = width(type);
        if (width == 0 || length % width != 0) {
            throw new IllegalArgumentException("not " + length + " bytes of " + type);
        }
        int count = length / width;
        Object array = switch (type) {
            case "double[]", "double-list" -> new double[count];
            case "long[]" -> new long[count];
            default -> new int[count];
        };
        byte[] slice = new byte[Math.min(Bodies.SLICE, Math.max(length, 1))];
        for (int done = 0; done < length; ) {
            int n = Math.min(slice.length, length - done);
            int got = in.readNBytes(slice, 0, n);
            if (got != n) {
                throw new EOFException("the body ended after " + (done + got) + " of its " + length + " bytes");
            }
            ByteBuffer buf = ByteBuffer.wrap(slice, 0, n).order(ByteOrder.LITTLE_ENDIAN);
            int at = done / width;
            if (array instanceof double[] d) {
                buf.asDoubleBuffer().get(d, at, n / 8);
            } else if (array instanceof long[] l) {
                buf.asLongBuffer().get(l, at, n / 8);
            } else {
                buf.asIntBuffer().get((int[]) array, at, n / 4);
            }
            done += n;
        }
        return switch (type) {
            case "int-list" -> new NumberList.Ints((int[]) array, count);
            case "double-list" -> new NumberList.Doubles((double[]) array, count);
            default -> array;
        };
    }

    /** The numbers of a {@code double[]}, {@code long[]} or {@code int[]}. */
    static Body of(Object array) {
        int count = java.lang.reflect.Array.getLength(array);
        return new Numbers(array, null, count, array instanceof int[] ? 4 : 8);
    }

    /** The numbers of a list ("int-list" or "double-list"): a NumberList's array, or each Integer or Double. */
    static Body ofList(String type, List<?> list) {
        int width = type.equals("int-list") ? 4 : 8;
        if (list instanceof NumberList<?> numbers) {
            return new Numbers(numbers.values, null, numbers.size, width);
        }
        return new Numbers(null, list, list.size(), width);
    }

    /** Numbers from an array, or from a list of boxed ones, encoded a slice at a time. */
    private record Numbers(Object array, List<?> list, int count, int width) implements Body {

        @Override
        public int length() {
            return count * width;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            int perSlice = Bodies.SLICE / width;
            ByteBuffer buf = ByteBuffer.allocate(Math.min(count, perSlice) * width).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < count; from += perSlice) {
                int n = Math.min(perSlice, count - from);
                buf.clear();
                fill(buf, from, n);
                out.write(buf.array(), 0, n * width);
            }
        }

        @Override
        public byte[] bytes() {
            ByteBuffer buf = ByteBuffer.allocate(length()).order(ByteOrder.LITTLE_ENDIAN);
            fill(buf, 0, count);
            return buf.array();
        }

        /** Puts n numbers from the index into the buffer, from its position. */
        private void fill(ByteBuffer buf, int from, int n) {
            if (array instanceof double[] d) {
                buf.asDoubleBuffer().put(d, from, n);
            } else if (array instanceof long[] l) {
                buf.asLongBuffer().put(l, from, n);
            } else if (array instanceof int[] i) {
                buf.asIntBuffer().put(i, from, n);
            } else if (width == 4) {
                for (int k = from; k < from + n; k++) {
                    buf.putInt((Integer) list.get(k));
                }
            } else {
                for (int k = from; k < from + n; k++) {
                    buf.putDouble((Double) list.get(k));
                }
            }
        }
    }
}
