package dev.bramble.bench.micro;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.Client;
import dev.bramble.client.internal.BlobStorage;
import dev.bramble.client.internal.Values;
import dev.bramble.client.wire.WireClients;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-value and per-byte costs inside one process of what W4 moves: a million-int list as JSON (what
 * scatter and gather send), and a 10 MB double[] as a blob (what push and pull send). The figures are in
 * docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ValuesBenchmark {

    private final ObjectMapper json = WireClients.mapper();
    private List<Integer> ints;
    private byte[] intsJson;
    private double[] doubles;
    private byte[] doublesRaw;

    /** Keeps blobs in this process, so that only the encoding is measured. */
    private static final class Discard implements BlobStorage {
        byte[] last;

        @Override
        public void store(String hash, byte[] bytes) {
            last = bytes;
        }

        @Override
        public byte[] get(String hash) {
            return last;
        }
    }

    @Setup
    public void setUp() throws Exception {
        ints = Client.range(1_000_000);
        intsJson = json.writeValueAsBytes(ints);
        doubles = new SplittableRandom(4001).doubles(1_250_000).toArray();
        Discard d = new Discard();
        Values.encode(doubles, d);
        doublesRaw = d.last;
    }

    /** A million-int list to JSON bytes, as the client sends it. */
    @Benchmark
    public byte[] millionIntsToJson() throws Exception {
        return json.writeValueAsBytes(Values.encode(ints, new Discard()));
    }

    /** JSON bytes of a million ints back to a list, as the client reads them. */
    @Benchmark
    public Object millionIntsFromJson() throws Exception {
        return Values.decode(json.readValue(intsJson, List.class), getClass().getClassLoader());
    }

    /** A 10 MB double[] to its blob bytes and their SHA-256, as push does before sending. */
    @Benchmark
    public Object tenMegabytesToBlob() {
        return Values.encode(doubles, new Discard());
    }

    /** Blob bytes back to a double[], as an engine does after fetching. */
    @Benchmark
    public Object tenMegabytesFromBlob() {
        return new Values.Bulk("double[]", doublesRaw).decode(getClass().getClassLoader());
    }
}
