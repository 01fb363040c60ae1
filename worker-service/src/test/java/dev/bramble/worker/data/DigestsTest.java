package dev.bramble.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.internal.CodeBundler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DigestsTest {

    @Test
    void anArrayIsHashedOnceAndASecondAskerWaitsForTheFirst() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Digests digests = new Digests(bytes -> {
            calls.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CodeBundler.sha256(bytes);
        });
        byte[] shared = new byte[1000];
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> digests.of(shared));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> digests.of(shared));
        Thread.sleep(200);
        assertThat(second).as("the second asker waits for the first one's hash").isNotDone();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(CodeBundler.sha256(shared));
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.get());
        assertThat(digests.of(shared)).isEqualTo(first.get());
        assertThat(calls).hasValue(1);
    }

    @Test
    void equalArraysAreKnownApartByIdentityAndHashAlike() {
        AtomicInteger calls = new AtomicInteger();
        Digests digests = new Digests(bytes -> {
            calls.incrementAndGet();
            return CodeBundler.sha256(bytes);
        });
        byte[] a = {1, 2, 3};
        byte[] b = {1, 2, 3};
        assertThat(digests.of(a)).isEqualTo(digests.of(b)).isEqualTo(CodeBundler.sha256(a));
        assertThat(calls).hasValue(2);
    }
}
