package dev.bramble.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Merges concurrent transfers of one blob: the first caller moves the bytes, the others wait for it. */
final class CoalescingBlobStorage implements BlobStorage {

    private final BlobStorage storage;
    private final ConcurrentMap<String, CompletableFuture<byte[]>> fetching = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Void>> storing = new ConcurrentHashMap<>();

    CoalescingBlobStorage(BlobStorage storage) {
        this.storage = storage;
    }

    @Override
    public void store(String hash, byte[] bytes) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = storing.putIfAbsent(hash, mine);
        if (running != null) {
            join(running);
            return;
        }
        try {
            storage.store(hash, bytes);
            mine.complete(null);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            storing.remove(hash, mine);
        }
    }

    /** The bytes; callers that joined one fetch share the array, which nobody modifies (see {@link Values.Bulk}). */
    @Override
    public byte[] get(String hash) {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = fetching.putIfAbsent(hash, mine);
        if (running != null) {
            return join(running);
        }
        try {
            byte[] bytes = storage.get(hash);
            mine.complete(bytes);
            return bytes;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.remove(hash, mine);
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
