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
 * <p>A result's bytes go once they have been sent and served (to the client that asked for them, or to
 * another worker); later readers find them at the controller. Bytes nobody reads stay for {@link #KEEP}
 * after their upload, for a client still on its way. (Bytes kept after use filled the worker's heap: a
 * loop of 10 MB pulls kept a quarter of it in results already read, and each full collection moved
 * them.) The hash is remembered for {@link #KEEP} after the upload either way, so that an equal result
 * then is held for its readers again but not sent again. When the results waiting to be sent fill the
 * limit, a store goes to the controller at once, as if nothing were held. Reads go to the held results
 * first, then to the storage behind.
 */
public final class HeldResults implements BlobStorage {

    private static final Logger log = LoggerFactory.getLogger(HeldResults.class);

    static final Duration KEEP = Duration.ofSeconds(30);
    /** Less than the time the controller waits for an announced blob, so that no reader waits in vain. */
    static final Duration RETRY_FOR = Duration.ofSeconds(50);

    private static final class Entry {
        /** Null once sent and served. */
        volatile byte[] bytes;
        final long heldAt;
        volatile long uploadedAt;
        volatile boolean uploaded;
        volatile boolean served;

        Entry(byte[] bytes, long heldAt) {
            this.bytes = bytes;
            this.heldAt = heldAt;
        }
    }

    private final BlobStorage next;
    private final Digests digests = new Digests();
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

    /** Holds the bytes under their hash, which engines that hold the same array (one pushed value) work out once. */
    @Override
    public String put(byte[] value) {
        String hash = digests.of(value);
        store(hash, value);
        return hash;
    }

    /** Holds the bytes and sends them on in the background; sends them at once when there is no room. */
    @Override
    public void store(String hash, byte[] value) {
        Entry e;
        synchronized (this) {
            long now = System.nanoTime();
            sweep(now, value.length);
            Entry known = entries.get(hash);
            if (known != null) {
                if (known.bytes == null && bytes + value.length <= limitBytes) {
                    // Sent already: held for its readers again, not sent again.
                    known.bytes = value;
                    known.served = false;
                    bytes += value.length;
                }
                return;
            }
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
                if (e.served) {
                    release(e);
                }
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

    /**
     * The held bytes for a reader from outside (the data server's), or null when this worker does not
     * hold them (any more). Once they have also reached the controller, they go.
     */
    public synchronized byte[] serve(String hash) {
        Entry e = entry(hash);
        byte[] held = e == null ? null : e.bytes;
        if (held != null) {
            e.served = true;
            if (e.uploaded) {
                release(e);
            }
        }
        return held;
    }

    /** The held bytes, or null when this worker does not hold them (any more); not a read that lets them go. */
    synchronized byte[] held(String hash) {
        Entry e = entry(hash);
        return e == null ? null : e.bytes;
    }

    private Entry entry(String hash) {
        sweep(System.nanoTime(), 0);
        return entries.get(hash);
    }

    @Override
    public byte[] get(String hash) {
        byte[] held = held(hash);
        return held != null ? held : next.get(hash);
    }

    /** Lets the bytes go, keeping the entry: what was sent is not sent again while it stays. */
    private void release(Entry e) {
        bytes -= e.bytes.length;
        e.bytes = null;
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
            byte[] held = e.bytes;
            if (e.uploaded && (now - e.uploadedAt > KEEP.toNanos() || held != null && bytes + room > limitBytes)) {
                bytes -= held == null ? 0 : held.length;
                it.remove();
            }
        }
    }
}
