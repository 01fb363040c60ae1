package dev.bramble.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.internal.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void aListOfNumbersIsAsBigAsItsArray() {
        List<Integer> boxed = new ArrayList<>(IntStream.range(0, 100_000).boxed().toList());
        Values.Bulk bulk = Values.bulk(boxed);
        Object numbers = bulk.decode(getClass().getClassLoader());

        assertThat(bulk.type()).isEqualTo("int-list");
        assertThat(Sizes.of(numbers)).isEqualTo(40 + 4 * 100_000L);
        assertThat(Sizes.of(boxed)).as("an Integer and its reference each").isEqualTo(40 + 24 * 100_000L);
        assertThat(Sizes.of(new double[10])).isEqualTo(16 + 80);
    }
}
