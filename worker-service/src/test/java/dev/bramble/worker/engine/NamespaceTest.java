package dev.bramble.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.internal.NumberList;
import dev.bramble.client.internal.Values;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceTest {

    private static final double[] DATA = {1.5, -2.0, 3.25};
    private final Values.Bulk shared = Values.bulk(DATA);

    @Test
    void aPushedBulkValueStaysBytesUntilItsNameIsRead() {
        Namespace ns = new Namespace();
        ns.push("a", shared);
        assertThat(ns.asPushed("a")).as("a pull of a name nobody read sends the bytes as they came").isSameAs(shared);
        double[] read = (double[]) ns.get("a");
        assertThat(read).containsExactly(DATA);
        assertThat(ns.get("a")).as("the first read's value is kept").isSameAs(read);
        assertThat(ns.asPushed("a")).isSameAs(read);
    }

    @Test
    void enginesSharingOnePushedValueEachReadTheirOwnCopy() {
        Namespace one = new Namespace();
        Namespace two = new Namespace();
        one.push("a", shared);
        two.push("a", shared);
        ((double[]) one.get("a"))[0] = 99;
        assertThat((double[]) one.get("a")).startsWith(99);
        assertThat((double[]) two.get("a")).as("a change on one engine stays there").containsExactly(DATA);
        assertThat(Values.bulk(DATA).bytes()).as("the shared bytes are never modified").isEqualTo(shared.bytes());
    }

    @Test
    void everyWayOfReadingSeesDecodedValues() {
        Namespace ns = new Namespace();
        ns.push("a", shared);
        ns.push("n", new Values.Bulk("int-list", Values.bulk(new int[] {4, 5, 6}).bytes()));
        ns.push("small", 7);
        Map<String, Object> copy = new HashMap<>(ns);
        assertThat((double[]) copy.get("a")).containsExactly(DATA);
        assertThat(copy.get("n")).isInstanceOf(NumberList.class).isEqualTo(List.of(4, 5, 6));
        assertThat(copy.get("small")).isEqualTo(7);
        assertThat(ns.values()).noneMatch(v -> v instanceof Values.Bulk);
    }

    @Test
    void valuesOfTheClientsClassesStayBytesForEachLambdaToRead() {
        Values.Bulk object = new Values.Bulk("java", Values.serialize(new java.util.ArrayList<>(List.of("x"))));
        Namespace ns = new Namespace();
        ns.push("o", object);
        assertThat(ns.get("o")).isSameAs(object);
    }

    @Test
    void removingAndReplacingANameGivesBackItsValueAsReadersSawIt() {
        Namespace ns = new Namespace();
        ns.push("a", shared);
        assertThat((double[]) ns.put("a", "new")).containsExactly(DATA);
        ns.push("b", shared);
        assertThat((double[]) ns.remove("b")).containsExactly(DATA);
        ns.push("c", shared);
        assertThat(ns.keySet().remove("c")).isTrue();
        assertThat(ns).containsOnlyKeys("a");
        ns.clear();
        assertThat(ns).isEmpty();
    }
}
