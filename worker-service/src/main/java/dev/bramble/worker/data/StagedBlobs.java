package dev.bramble.worker.data;

import dev.bramble.client.internal.BlobStorage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Bulk values that a client sent straight to this worker (a push, a scatter's part, an argument of work
 * on a direct view), by the name the client gave them, until the tasks that read them ran: the bytes travel
 * from the client to the worker once instead of through the controller. Reads of anything not staged,
 * and every store, go to the controller's blobs.
 *
 * <p>An entry goes when it was read as many times as the client said it would be (the client stages
 * only for work without retries, which reads each value once per engine); an entry not read that often
 * goes after {@link #UNREAD} (its task was cancelled, or failed before reading it). Staging beyond the
 * limit is refused: the client then sends the value through the controller.
 */
public final class StagedBlobs implements BlobStorage {

    static final Duration UNREAD = Duration.ofHours(1);

    private static final class Entry {
        final byte[] bytes;
        int readsLeft;
        long expiresAt;

        Entry(byte[] bytes, int reads, long expiresAt) {
            this.bytes = bytes;
            this.readsLeft = reads;
            this.expiresAt = expiresAt;
        }
    }

    private final BlobStorage controller;
    private final long limitBytes;
    private final Map<String, Entry> entries = new HashMap<>();
    private long bytes;

    /** Staged values first, then the controller's blobs; at most limitBytes staged at once. */
    public StagedBlobs(BlobStorage controller, long limitBytes) {
        this.controller = controller;
        this.limitBytes = limitBytes;
    }

    /** Keeps the bytes for that many reads; false (nothing kept) if that would pass the limit. */
    synchronized boolean stage(String hash, byte[] value, int reads) {
        long now = System.nanoTime();
        sweep(now);
        Entry e = entries.get(hash);
        if (e != null) {
            e.readsLeft += reads;
            e.expiresAt = now + UNREAD.toNanos();
            return true;
        }
        if (bytes + value.length > limitBytes) {
            return false;
        }
        entries.put(hash, new Entry(value, reads, now + UNREAD.toNanos()));
        bytes += value.length;
        return true;
    }

    /** Whether that many more bytes would fit now. */
    synchronized boolean hasRoom(long size) {
        sweep(System.nanoTime());
        return bytes + size <= limitBytes;
    }

    @Override
    public byte[] get(String hash) {
        synchronized (this) {
            long now = System.nanoTime();
            sweep(now);
            Entry e = entries.get(hash);
            if (e != null) {
                if (--e.readsLeft <= 0) {
                    entries.remove(hash);
                    bytes -= e.bytes.length;
                }
                return e.bytes;
            }
        }
        return controller.get(hash);
    }

    @Override
    public void store(String hash, byte[] value) {
        controller.store(hash, value);
    }

    private void sweep(long now) {
        var it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.expiresAt - now <= 0) {
                bytes -= e.bytes.length;
                it.remove();
            }
        }
    }
}
