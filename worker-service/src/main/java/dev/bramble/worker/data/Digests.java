package dev.bramble.worker.data;

import dev.bramble.client.internal.CodeBundler;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The SHA-256 of byte arrays that several engines share (a value pushed to all of them and pulled back), worked
 * out once per array: an engine that asks while another computes it waits for that one. Arrays are known by
 * identity (an array's equals is identity) and forgotten with them.
 */
final class Digests {

    private final Map<byte[], String> known = new WeakHashMap<>();
    private final Set<byte[]> computing = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Function<byte[], String> hash;

    Digests() {
        this(CodeBundler::sha256);
    }

    Digests(Function<byte[], String> hash) {
        this.hash = hash;
    }

    /** The hex SHA-256 of the bytes. */
    String of(byte[] bytes) {
        synchronized (this) {
            while (true) {
                String digest = known.get(bytes);
                if (digest != null) {
                    return digest;
                }
                if (computing.add(bytes)) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    // Interrupted while another thread hashes: work it out alone, leaving that one's mark.
                    Thread.currentThread().interrupt();
                    return hash.apply(bytes);
                }
            }
        }
        String digest = null;
        try {
            digest = hash.apply(bytes);
            return digest;
        } finally {
            synchronized (this) {
                computing.remove(bytes);
                if (digest != null) {
                    known.put(bytes, digest);
                }
                notifyAll();
            }
        }
    }
}
