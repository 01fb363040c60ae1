package dev.bramble.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class NumberListTest {

    private static NumberList.Ints ints(int n) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        IntStream.range(0, n).forEach(bytes::putInt);
        return (NumberList.Ints) NumberList.fromLittleEndian("int-list", bytes.array());
    }

    private static NumberList<?> doubles(double... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(values);
        return NumberList.fromLittleEndian("double-list", bytes.array());
    }

    @Test
    void changesAsAnArrayListDoes() {
        List<Integer> numbers = ints(5);
        List<Integer> reference = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        for (List<Integer> l : List.of(numbers, reference)) {
            l.add(5);
            l.add(0, -1);
            l.set(3, 30);
            l.remove(1);
            l.remove(Integer.valueOf(4));
            l.subList(1, 3).clear();
            l.addAll(2, List.of(7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));
        }

        assertThat(numbers).isEqualTo(reference).hasSameHashCodeAs(reference);
        assertThat(numbers).containsExactlyElementsOf(reference);
        assertThat(numbers.indexOf(9)).isEqualTo(reference.indexOf(9));
    }

    @Test
    void aCopyChangesOnItsOwn() {
        List<Integer> numbers = ints(3);
        List<Integer> copy = ((NumberList.Ints) numbers).copy();
        copy.set(0, 7);
        copy.add(8);

        assertThat(numbers).containsExactly(0, 1, 2);
        assertThat(copy).containsExactly(7, 1, 2, 8);
        assertThat(((NumberList.Ints) copy).slice(1, 3)).containsExactly(1, 2);
        assertThatThrownBy(() -> ((NumberList.Ints) copy).slice(2, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesAListOfIntegersOrOfDoublesAndNothingElse() {
        assertThat(NumberList.copyOf(new ArrayList<>(List.of(3, 1, 2)).subList(1, 3))).isInstanceOf(NumberList.Ints.class)
                .isEqualTo(List.of(1, 2));
        assertThat(NumberList.copyOf(List.of(0.5, -1.0))).isInstanceOf(NumberList.Doubles.class).isEqualTo(List.of(0.5, -1.0));
        assertThat(NumberList.copyOf(List.of())).isNull();
        assertThat(NumberList.copyOf(List.of(1, 2.0))).isNull();
        assertThat(NumberList.copyOf(List.of(1L))).isNull();
        assertThat(NumberList.copyOf(java.util.Arrays.asList(1, null))).isNull();
    }

    @Test
    void holdsNoNulls() {
        List<Integer> numbers = ints(3);

        assertThatThrownBy(() -> numbers.add(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("no nulls");
        assertThatThrownBy(() -> numbers.set(0, null)).isInstanceOf(NullPointerException.class);
        assertThat(numbers).containsExactly(0, 1, 2);
    }

    @Test
    void anIteratorFailsFastAfterAChange() {
        List<Integer> numbers = ints(3);
        Iterator<Integer> it = numbers.iterator();
        it.next();
        numbers.add(3);

        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> numbers.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void comesBackFromItsBytesAndFromJavaSerialization() {
        NumberList.Ints numbers = ints(20_000);
        numbers.remove(0);
        NumberList<?> doubles = doubles(0.5, -0.0, Double.NaN, Double.MAX_VALUE);

        assertThat(NumberList.fromLittleEndian("int-list", numbers.littleEndian())).isEqualTo(numbers);
        assertThat(Values.deserialize(Values.serialize(numbers), getClass().getClassLoader())).isEqualTo(numbers);
        assertThat((List<Object>) doubles).containsExactly(0.5, -0.0, Double.NaN, Double.MAX_VALUE);
        assertThat(NumberList.fromLittleEndian("double-list", doubles.littleEndian())).isEqualTo(doubles);
    }

    @Test
    void partsOfOneKindJoinIntoOneList() {
        NumberList.Ints a = ints(3);
        NumberList.Ints b = ints(2);
        NumberList<?> doubles = doubles(0.0);

        assertThat((List<Object>) NumberList.join(List.of(a, b))).containsExactly(0, 1, 2, 0, 1).isInstanceOf(NumberList.Ints.class);
        assertThat(NumberList.join(List.of(a, doubles))).isNull();
        assertThat(NumberList.join(List.of(a, List.of(1)))).isNull();
    }
}
