package dev.bramble.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RawNumbersTest {

    /** More than one slice, and not a whole number of slices. */
    private static final int COUNT = Bodies.SLICE / 8 * 3 + 17;

    @Test
    void arraysAreWrittenInSlicesAsTheirRawLittleEndianNumbersAndReadBack() throws IOException {
        double[] doubles = new SplittableRandom(1).doubles(COUNT).toArray();
        long[] longs = new SplittableRandom(2).longs(COUNT).toArray();
        int[] ints = new SplittableRandom(3).ints(COUNT * 2).toArray();
        for (Object array : List.of(doubles, longs, ints)) {
            Body body = RawNumbers.of(array);
            String type = array.getClass().getSimpleName();
            List<Integer> writes = new ArrayList<>();
            byte[] written = written(body, writes);
            assertThat(written).as(type + " as a blob holds it").isEqualTo(Values.bulk(array).bytes()).isEqualTo(body.bytes());
            assertThat(body.length()).isEqualTo(written.length);
            assertThat(writes).as("no write is larger than a slice").allMatch(n -> n <= Bodies.SLICE).hasSizeGreaterThan(3);
            Object back = RawNumbers.read(new ByteArrayInputStream(written), type, written.length);
            assertThat(back).isInstanceOf(array.getClass());
            assertThat(Arrays.deepEquals(new Object[] {back}, new Object[] {array})).as(type + " read back").isTrue();
        }
    }

    @Test
    void listsOfNumbersAreWrittenFromTheirArrayOrTheirElementsAndReadAsNumberLists() throws IOException {
        List<Integer> boxed = new ArrayList<>(IntStream.range(-COUNT, COUNT).boxed().toList());
        NumberList<?> numbers = NumberList.fromLittleEndian("int-list", RawNumbers.ofList("int-list", boxed).bytes());
        assertThat(numbers).isEqualTo(boxed);
        byte[] fromBoxed = written(RawNumbers.ofList("int-list", boxed), new ArrayList<>());
        byte[] fromNumbers = written(RawNumbers.ofList("int-list", numbers), new ArrayList<>());
        assertThat(fromNumbers).isEqualTo(fromBoxed);
        Object back = RawNumbers.read(new ByteArrayInputStream(fromBoxed), "int-list", fromBoxed.length);
        assertThat(back).isInstanceOf(NumberList.Ints.class).isEqualTo(boxed);

        List<Double> doubles = new ArrayList<>(boxed.stream().map(i -> i / 7.0).toList());
        byte[] d = written(RawNumbers.ofList("double-list", doubles), new ArrayList<>());
        assertThat(RawNumbers.read(new ByteArrayInputStream(d), "double-list", d.length)).isInstanceOf(NumberList.Doubles.class)
                .isEqualTo(doubles);
    }

    @Test
    void aBodyCutShortOrOfAnotherKindIsRefused() {
        byte[] bytes = RawNumbers.of(new double[COUNT]).bytes();
        assertThatThrownBy(() -> RawNumbers.read(new ByteArrayInputStream(bytes, 0, bytes.length - 8), "double[]", bytes.length))
                .isInstanceOf(EOFException.class).hasMessageContaining("of its " + bytes.length + " bytes");
        assertThatThrownBy(() -> RawNumbers.read(new ByteArrayInputStream(bytes), "double[]", 12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawNumbers.read(new ByteArrayInputStream(bytes), "java", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RawNumbers.reads("java")).isFalse();
        assertThat(RawNumbers.reads("byte[]")).isFalse();
        assertThat(RawNumbers.reads("double-list")).isTrue();
    }

    private static byte[] written(Body body, List<Integer> writes) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        body.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
                all.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
                all.write(b, off, len);
            }
        });
        return all.toByteArray();
    }
}
