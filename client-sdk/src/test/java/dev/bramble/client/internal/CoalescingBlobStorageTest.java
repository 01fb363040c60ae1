package dev.bramble.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescingBlobStorageTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Holds every transfer until released, counting them. */
    private static final class SlowStorage implements BlobStorage {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger stores = new AtomicInteger();
        volatile RuntimeException failure;

        @Override
        public void store(String hash, byte[] bytes) {
            stores.incrementAndGet();
            await();
        }

        @Override
        public byte[] get(String hash) {
            gets.incrementAndGet();
            await();
            if (failure != null) {
                throw failure;
            }
            return new byte[] {1, 2, 3};
        }

        private void await() {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void concurrentFetchesOfOneBlobMoveItOnce() throws Exception {
        SlowStorage slow = new SlowStorage();
        BlobStorage storage = BlobStorage.coalescing(slow);
        List<Future<byte[]>> both = List.of(pool.submit(() -> storage.get("h")), pool.submit(() -> storage.get("h")));
        waitUntil(() -> slow.gets.get() == 1);
        Thread.sleep(100);
        slow.release.countDown();
        assertThat(both.get(0).get(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        assertThat(both.get(1).get(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        assertThat(slow.gets.get()).isEqualTo(1);
        storage.get("h");
        assertThat(slow.gets.get()).as("a later fetch is a new transfer").isEqualTo(2);
    }

    @Test
    void concurrentStoresOfEqualBytesMoveThemOnce() throws Exception {
        SlowStorage slow = new SlowStorage();
        BlobStorage storage = BlobStorage.coalescing(slow);
        byte[] bytes = {4, 5, 6};
        List<Future<String>> both = List.of(pool.submit(() -> storage.put(bytes)), pool.submit(() -> storage.put(bytes.clone())));
        waitUntil(() -> slow.stores.get() == 1);
        Thread.sleep(100);
        slow.release.countDown();
        assertThat(both.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(both.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(CodeBundler.sha256(bytes));
        assertThat(slow.stores.get()).isEqualTo(1);
    }

    @Test
    void aFailedFetchFailsEveryoneWaitingAndIsNotRemembered() throws Exception {
        SlowStorage slow = new SlowStorage();
        slow.failure = new IllegalStateException("gone");
        BlobStorage storage = BlobStorage.coalescing(slow);
        List<Future<byte[]>> both = List.of(pool.submit(() -> storage.get("h")), pool.submit(() -> storage.get("h")));
        waitUntil(() -> slow.gets.get() == 1);
        Thread.sleep(100);
        slow.release.countDown();
        for (Future<byte[]> f : both) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("gone");
        }
        slow.failure = null;
        assertThat(storage.get("h")).containsExactly(1, 2, 3);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }
}
