package dev.bramble.client.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A growable list of numbers kept in one primitive array: how a bulk list of Integers or Doubles
 * ("int-list", "double-list") arrives at an engine and back at the client. A million Integers in an
 * ArrayList are about 20 MB in a million objects that every collection traces and copies; here they are
 * 4 MB in one array. It behaves as an ArrayList, except that it holds no nulls.
 */
public abstract sealed class NumberList<E extends Number> extends AbstractList<E> implements RandomAccess, Serializable
        permits NumberList.Ints, NumberList.Doubles {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The int[] or double[] the numbers are kept in, of at least {@link #size} elements. */
    Object values;
    int size;

    NumberList(Object values, int size) {
        this.values = values;
        this.size = size;
    }

    /** A list of this kind over the array. */
    abstract NumberList<E> over(Object values, int size);

    abstract void put(int index, E value);

    /** The elements as raw little-endian numbers, as the blob of an "int-list" or a "double-list" holds them. */
    public abstract byte[] littleEndian();

    /** A list of the same numbers that changes on its own. */
    public NumberList<E> copy() {
        return slice(0, size);
    }

    /**
     * The elements from {@code from} (inclusive) to {@code to} (exclusive), in a list of their own.
     * @throws IndexOutOfBoundsException if the range is not within the list
     */
    public NumberList<E> slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        Object part = newArray(to - from);
        System.arraycopy(values, from, part, 0, to - from);
        return over(part, to - from);
    }

    private Object newArray(int length) {
        return Array.newInstance(values.getClass().getComponentType(), length);
    }

    /** The list of the raw little-endian numbers of a blob of this kind ("int-list" or "double-list"). */
    public static NumberList<?> fromLittleEndian(String type, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (type.equals("int-list")) {
            int[] values = new int[bytes.length / 4];
            buf.asIntBuffer().get(values);
            return new Ints(values, values.length);
        }
        double[] values = new double[bytes.length / 8];
        buf.asDoubleBuffer().get(values);
        return new Doubles(values, values.length);
    }

    /**
     * The elements of the list in a NumberList of their own, or null unless they are all Integers or all
     * Doubles (and there is at least one). Copying the Integers' values saves a copy of the references: on
     * G1, copying half a million of them into a new array was seen to take 13 to 17 ms instead of 0.3 ms.
     */
    public static NumberList<?> copyOf(List<?> list) {
        if (list.isEmpty() || !(list.get(0) instanceof Integer || list.get(0) instanceof Double)) {
            return null;
        }
        boolean ints = list.get(0) instanceof Integer;
        int[] intValues = ints ? new int[list.size()] : null;
        double[] doubleValues = ints ? null : new double[list.size()];
        int i = 0;
        for (Object o : list) {
            if (ints && o instanceof Integer n) {
                intValues[i++] = n;
            } else if (!ints && o instanceof Double d) {
                doubleValues[i++] = d;
            } else {
                return null;
            }
        }
        return ints ? new Ints(intValues, i) : new Doubles(doubleValues, i);
    }

    /** The parts one after the other, or null unless they are all NumberLists of one kind. */
    public static NumberList<?> join(List<?> parts) {
        if (parts.isEmpty() || !(parts.get(0) instanceof NumberList<?> first)
                || !parts.stream().allMatch(p -> p != null && p.getClass() == first.getClass())) {
            return null;
        }
        int total = parts.stream().mapToInt(p -> ((NumberList<?>) p).size).sum();
        Object joined = first.newArray(total);
        int at = 0;
        for (Object p : parts) {
            NumberList<?> part = (NumberList<?>) p;
            System.arraycopy(part.values, 0, joined, at, part.size);
            at += part.size;
        }
        return first.over(joined, total);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public E set(int index, E value) {
        Objects.checkIndex(index, size);
        E old = get(index);
        put(index, Objects.requireNonNull(value, "this list holds no nulls"));
        return old;
    }

    @Override
    public void add(int index, E value) {
        Objects.checkIndex(index, size + 1);
        Objects.requireNonNull(value, "this list holds no nulls");
        if (size == Array.getLength(values)) {
            Object bigger = newArray(Math.max(10, size + (size >> 1)));
            System.arraycopy(values, 0, bigger, 0, size);
            values = bigger;
        }
        System.arraycopy(values, index, values, index + 1, size - index);
        size++;
        modCount++;
        put(index, value);
    }

    @Override
    public E remove(int index) {
        Objects.checkIndex(index, size);
        E old = get(index);
        System.arraycopy(values, index + 1, values, index, size - index - 1);
        size--;
        modCount++;
        return old;
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        System.arraycopy(values, toIndex, values, fromIndex, size - toIndex);
        size -= toIndex - fromIndex;
        modCount++;
    }

    /** Integers in an {@code int[]}. */
    public static final class Ints extends NumberList<Integer> {
        @Serial
        private static final long serialVersionUID = 1L;

        Ints(int[] values, int size) {
            super(values, size);
        }

        @Override
        public Integer get(int index) {
            Objects.checkIndex(index, size);
            return ((int[]) values)[index];
        }

        @Override
        public byte[] littleEndian() {
            ByteBuffer buf = ByteBuffer.allocate(size * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asIntBuffer().put((int[]) values, 0, size);
            return buf.array();
        }

        @Override
        Ints over(Object values, int size) {
            return new Ints((int[]) values, size);
        }

        @Override
        void put(int index, Integer value) {
            ((int[]) values)[index] = value;
        }
    }

    /** Doubles in a {@code double[]}. */
    public static final class Doubles extends NumberList<Double> {
        @Serial
        private static final long serialVersionUID = 1L;

        Doubles(double[] values, int size) {
            super(values, size);
        }

        @Override
        public Double get(int index) {
            Objects.checkIndex(index, size);
            return ((double[]) values)[index];
        }

        @Override
        public byte[] littleEndian() {
            ByteBuffer buf = ByteBuffer.allocate(size * 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.asDoubleBuffer().put((double[]) values, 0, size);
            return buf.array();
        }

        @Override
        Doubles over(Object values, int size) {
            return new Doubles((double[]) values, size);
        }

        @Override
        void put(int index, Double value) {
            ((double[]) values)[index] = value;
        }
    }
}
