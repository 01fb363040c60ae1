package dev.bramble.worker.data;

import dev.bramble.client.internal.BlobStorage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines' bulk results on their way to the controller. An engine hands the bytes over and reports
 * at once, naming them as uploading: a client that knows the engine (a direct view's) reads them from
 * this worker's data server, while one background thread sends them to the controller, which holds them
 * for good (and makes readers wait for them until they arrive). Equal results of several engines (a pull
 * of one pushed value) go once.
 *
 * <p>After its upload a result stays for {@link #KEEP}, for a client still on its way to read it, then
 * goes. When the results waiting to be sent fill the limit, a store goes to the controller at once, as if
 * nothing were held. Reads go to the held results first, then to the storage behind.
 */
public final class HeldResults implements BlobStorage {

    private static final Logger log = LoggerFactory.getLogger(HeldResults.class);

    static final Duration KEEP = Duration.ofSeconds(30);
    /** Less than the time the controller waits for an announced blob, so that no reader waits in vain. */
    static final Duration RETRY_FOR = Duration.ofSeconds(50);

    private static final class Entry {
        final byte[] bytes;
        final long heldAt;
        volatile long uploadedAt;
        volatile boolean uploaded;

        Entry(byte[] bytes, long heldAt) {
            this.bytes = bytes;
            this.heldAt = heldAt;
        }
    }

    private final BlobStorage next;
    private final long limitBytes;
    private final Duration retryFor;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final ExecutorService uploader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bramble-uploader");
        t.setDaemon(true);
        return t;
    });
    private long bytes;
    private int uploading;

    /** Results are sent to (and read from) next; at most limitBytes held at once. */
    public HeldResults(BlobStorage next, long limitBytes) {
        this(next, limitBytes, RETRY_FOR);
    }

    HeldResults(BlobStorage next, long limitBytes, Duration retryFor) {
        this.next = next;
        this.limitBytes = limitBytes;
        this.retryFor = retryFor;
    }

    /** Holds the bytes and sends them on in the background; sends them at once when there is no room. */
    @Override
    public void store(String hash, byte[] value) {
        Entry e;
        synchronized (this) {
            long now = System.nanoTime();
            if (entries.containsKey(hash)) {
                return;
            }
            sweep(now, value.length);
            if (bytes + value.length > limitBytes) {
                e = null;
            } else {
                e = new Entry(value, now);
                entries.put(hash, e);
                bytes += value.length;
                uploading++;
            }
        }
        if (e == null) {
            next.store(hash, value);
            return;
        }
        try {
            uploader.execute(() -> upload(hash, e));
        } catch (RejectedExecutionException closed) {
            upload(hash, e);
        }
    }

    private void upload(String hash, Entry e) {
        long backoff = 100;
        boolean sent = false;
        while (!sent) {
            try {
                next.store(hash, e.bytes);
                sent = true;
            } catch (RuntimeException failure) {
                if (System.nanoTime() - e.heldAt > retryFor.toNanos() || Thread.currentThread().isInterrupted()) {
                    log.warn("Sending a result of {} bytes ({}) to the controller failed for {} s; it is dropped: {}", e.bytes.length,
                            hash, retryFor.toSeconds(), failure.getMessage());
                    break;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                backoff = Math.min(backoff * 2, 2_000);
            }
        }
        synchronized (this) {
            if (sent) {
                e.uploadedAt = System.nanoTime();
                e.uploaded = true;
            } else if (entries.remove(hash, e)) {
                // Gone, so that an engine's equal result later is held and sent again.
                bytes -= e.bytes.length;
            }
            uploading--;
            notifyAll();
        }
    }

    /** Whether the bytes are still on their way to the controller. */
    public synchronized boolean uploading(String hash) {
        Entry e = entries.get(hash);
        return e != null && !e.uploaded;
    }

    /** Whether any result is on its way to the controller. */
    public synchronized boolean anyUploading() {
        return uploading > 0;
    }

    /** The held bytes, or null when this worker does not hold them (any more). */
    public synchronized byte[] held(String hash) {
        sweep(System.nanoTime(), 0);
        Entry e = entries.get(hash);
        return e == null ? null : e.bytes;
    }

    @Override
    public byte[] get(String hash) {
        byte[] held = held(hash);
        return held != null ? held : next.get(hash);
    }

    /** Waits up to the timeout for every held result to reach the controller, then stops sending. */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            try {
                while (uploading > 0 && deadline - System.nanoTime() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (uploading > 0) {
                log.warn("{} results had not reached the controller when this worker stopped", uploading);
            }
        }
        uploader.shutdownNow();
    }

    /** Drops sent results kept longer than {@link #KEEP}, and older sent ones while that many more bytes would not fit. */
    private void sweep(long now, long room) {
        var it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.uploaded && (now - e.uploadedAt > KEEP.toNanos() || bytes + room > limitBytes)) {
                bytes -= e.bytes.length;
                it.remove();
            }
        }
    }
}
