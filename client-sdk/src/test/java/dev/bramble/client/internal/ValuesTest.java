package dev.bramble.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private final Map<String, byte[]> stored = new HashMap<>();
    private final BlobStorage blobs = new BlobStorage() {
        @Override
        public void store(String hash, byte[] bytes) {
            stored.put(hash, bytes);
        }

        @Override
        public byte[] get(String hash) {
            return stored.get(hash);
        }
    };

    @Test
    void aLongListOfIntegersTravelsAsRawNumbers() {
        List<Integer> ints = new ArrayList<>(IntStream.range(-50_000, 50_000).boxed().toList());

        Object wire = Values.encode(ints, blobs);

        assertThat(Values.isListBlob(wire)).isTrue();
        assertThat(((Map<?, ?>) wire).get(Values.TYPE)).isEqualTo("int-list");
        assertThat(stored.values()).singleElement().satisfies(b -> assertThat(b).hasSize(4 * ints.size()));
        assertThat(Values.decode(wire, getClass().getClassLoader(), blobs)).isEqualTo(ints).isInstanceOf(NumberList.Ints.class);
    }

    @Test
    void aNumberListTravelsAsNumbersWhenLongAndAsJsonWhenShort() {
        List<?> arrived = (List<?>) Values.decode(Values.encode(new ArrayList<>(IntStream.range(0, 20_000).boxed().toList()), blobs),
                getClass().getClassLoader(), blobs);
        stored.clear();

        Object again = Values.encode(arrived, blobs);
        assertThat(((Map<?, ?>) again).get(Values.TYPE)).isEqualTo("int-list");
        assertThat(Values.decode(again, getClass().getClassLoader(), blobs)).isEqualTo(arrived);

        arrived.subList(10, arrived.size()).clear();
        assertThat(Values.travelsAsJson(arrived)).isTrue();
        assertThat(Values.encode(arrived, blobs)).isSameAs(arrived);
    }

    @Test
    void aLongListOfDoublesKeepsEveryBitIncludingNaN() {
        List<Double> doubles = new ArrayList<>(IntStream.range(0, 20_000).mapToObj(i -> i / 7.0).toList());
        doubles.set(3, Double.NaN);
        doubles.set(4, Double.NEGATIVE_INFINITY);

        Object wire = Values.encode(doubles, blobs);

        assertThat(((Map<?, ?>) wire).get(Values.TYPE)).isEqualTo("double-list");
        assertThat(Values.decode(wire, getClass().getClassLoader(), blobs)).isEqualTo(doubles);
    }

    @Test
    void shortOrMixedListsStayJson() {
        List<Integer> few = List.of(1, 2, 3);
        List<Object> mixed = new ArrayList<>(IntStream.range(0, 40_000).boxed().toList());
        mixed.set(7, "seven");

        assertThat(Values.encode(few, blobs)).isSameAs(few);
        assertThat(Values.encode(mixed, blobs)).isSameAs(mixed);
        assertThat(Values.travelsAsJson(mixed)).isTrue();
        assertThat(stored).isEmpty();
    }

    @Test
    void aListWithNullsOrOfLongsDoesNotBecomeANumberList() {
        List<Integer> withNull = new ArrayList<>(IntStream.range(0, 40_000).boxed().toList());
        withNull.set(0, null);
        List<Long> longs = new ArrayList<>(IntStream.range(0, 40_000).mapToObj(i -> (long) i).toList());

        assertThat(Values.encode(withNull, blobs)).isSameAs(withNull);
        Object wire = Values.encode(longs, blobs);
        assertThat(((Map<?, ?>) wire).get(Values.TYPE)).isEqualTo("java");
        assertThat(Values.decode(wire, getClass().getClassLoader(), blobs)).isEqualTo(longs);
    }

    @Test
    void aBlobThatAppearsAgainIsFetchedOnceAndEachAppearanceIsAValueOfItsOwn() {
        double[] data = new java.util.SplittableRandom(9).doubles(20_000).toArray();
        Object wire = Values.encode(data, blobs);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        BlobStorage counting = new BlobStorage() {
            @Override
            public void store(String hash, byte[] bytes) {
                blobs.store(hash, bytes);
            }

            @Override
            public byte[] get(String hash) {
                reads.incrementAndGet();
                return blobs.get(hash);
            }
        };
        Values.Fetched fetched = new Values.Fetched();
        double[] first = (double[]) Values.decode(wire, getClass().getClassLoader(), counting, fetched);
        double[] second = (double[]) Values.decode(wire, getClass().getClassLoader(), counting, fetched);
        assertThat(reads).hasValue(1);
        assertThat(first).isEqualTo(data).isNotSameAs(second);
        assertThat(second).isEqualTo(data);
        first[0] = -1;
        assertThat(second[0]).isEqualTo(data[0]);

        // Objects of the client's classes cannot be copied: each appearance is read again from the one fetch.
        Object objects = Values.encode(new ArrayList<>(IntStream.range(0, 20_000).mapToObj(i -> new StringBuilder("x" + i)).toList()), blobs);
        assertThat(objects).isInstanceOfSatisfying(Map.class, m -> assertThat(m.get(Values.TYPE)).isEqualTo("java"));
        reads.set(0);
        List<?> pair = (List<?>) Values.decode(List.of(objects, objects), getClass().getClassLoader(), counting);
        assertThat(reads).hasValue(1);
        assertThat(pair.get(0)).isNotSameAs(pair.get(1));
        assertThat(pair.get(0).toString()).isEqualTo(pair.get(1).toString());
    }

    @Test
    void equalBytesOfTwoTypesAreTwoValues() {
        Object doubles = Values.encode(new double[20_000], blobs);
        Object longs = Values.encode(new long[20_000], blobs);
        assertThat(((Map<?, ?>) doubles).get(Values.BLOB)).as("zeros are the same bytes").isEqualTo(((Map<?, ?>) longs).get(Values.BLOB));
        List<?> back = (List<?>) Values.decode(List.of(doubles, longs), getClass().getClassLoader(), blobs);
        assertThat(back.get(0)).isInstanceOf(double[].class);
        assertThat(back.get(1)).isInstanceOf(long[].class);
    }
}
