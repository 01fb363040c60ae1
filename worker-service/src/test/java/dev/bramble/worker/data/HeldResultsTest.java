package dev.bramble.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.internal.BlobStorage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HeldResultsTest {

    private final Map<String, byte[]> controller = new ConcurrentHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final BlobStorage controllerStorage = new BlobStorage() {
        @Override
        public void store(String hash, byte[] bytes) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the controller is away");
            }
            sent.add(hash);
            controller.put(hash, bytes);
        }

        @Override
        public byte[] get(String hash) {
            return controller.get(hash);
        }
    };
    private final HeldResults held = new HeldResults(controllerStorage, 100, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        held.close(Duration.ofSeconds(5));
    }

    @Test
    void aResultIsHeldAtOnceAndSentToTheControllerInTheBackground() throws Exception {
        byte[] bytes = {1, 2, 3};
        CountDownLatch controllerAway = new CountDownLatch(1);
        HeldResults slow = new HeldResults(waiting(controllerAway, hash -> true), 100);
        try {
            slow.store("h", bytes);
            assertThat(slow.uploading("h")).as("the store returned before the controller had it").isTrue();
            assertThat(slow.anyUploading()).isTrue();
            assertThat(slow.held("h")).isSameAs(bytes);
            assertThat(slow.get("h")).isSameAs(bytes);
            controllerAway.countDown();
            until(() -> !slow.uploading("h"));
            assertThat(controller.get("h")).isSameAs(bytes);
            assertThat(slow.held("h")).as("kept for a client still on its way").isSameAs(bytes);
        } finally {
            slow.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aResultSentAndServedGoesAtOnce() throws Exception {
        byte[] bytes = {1, 2, 3};
        held.store("read after its upload", bytes);
        held.store("never read", bytes.clone());
        awaitSent("read after its upload");

        assertThat(held.serve("read after its upload")).isSameAs(bytes);
        assertThat(held.serve("read after its upload")).as("a later reader goes to the controller").isNull();
        assertThat(held.get("read after its upload")).isSameAs(bytes);
        byte[] again = bytes.clone();
        held.store("read after its upload", again);
        assertThat(held.serve("read after its upload")).as("an equal result is held again").isSameAs(again);
        assertThat(sent).as("but not sent again").containsOnlyOnce("read after its upload");

        CountDownLatch controllerAway = new CountDownLatch(1);
        HeldResults slow = new HeldResults(waiting(controllerAway, hash -> true), 100);
        try {
            slow.store("h", bytes);
            assertThat(slow.serve("h")).as("served while on its way").isSameAs(bytes);
            assertThat(slow.held("h")).isSameAs(bytes);
            controllerAway.countDown();
            until(() -> slow.held("h") == null);
        } finally {
            slow.close(Duration.ofSeconds(5));
        }
        awaitSent("never read");
        assertThat(held.held("never read")).as("kept for a client still on its way").isNotNull();
    }

    @Test
    void equalResultsOfTwoEnginesGoOnce() throws Exception {
        held.store("h", new byte[] {1});
        held.store("h", new byte[] {1});
        awaitSent("h");
        held.store("h", new byte[] {1});
        assertThat(held.uploading("h")).isFalse();
        assertThat(sent).containsExactly("h");
    }

    @Test
    void sendingIsRetriedWhileTheControllerIsAway() throws Exception {
        failuresLeft.set(3);
        held.store("h", new byte[] {1});
        awaitSent("h");
        assertThat(failuresLeft.get()).isNegative();
    }

    @Test
    void aResultTheControllerNeverTookIsDroppedAndSentAgainWhenAnEngineHasItAgain() throws Exception {
        HeldResults impatient = new HeldResults(controllerStorage, 100, Duration.ofMillis(300));
        try {
            failuresLeft.set(1_000);
            impatient.store("h", new byte[] {1});
            until(() -> !impatient.uploading("h"));
            assertThat(impatient.held("h")).isNull();
            assertThat(sent).isEmpty();
            failuresLeft.set(0);
            impatient.store("h", new byte[] {1});
            until(() -> sent.contains("h"));
        } finally {
            impatient.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutRoomAResultGoesToTheControllerBeforeTheStoreReturns() throws Exception {
        CountDownLatch aMayArrive = new CountDownLatch(1);
        HeldResults small = new HeldResults(waiting(aMayArrive, "a"::equals), 100);
        try {
            small.store("a", new byte[80]);
            small.store("b", new byte[30]);
            assertThat(sent).containsExactly("b");
            assertThat(small.uploading("b")).isFalse();
            assertThat(small.held("b")).isNull();
            assertThat(small.get("b")).hasSize(30);
        } finally {
            aMayArrive.countDown();
            small.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void sentResultsMakeRoomForNewOnes() throws Exception {
        held.store("a", new byte[80]);
        awaitSent("a");
        held.store("b", new byte[30]);
        assertThat(held.held("a")).isNull();
        assertThat(held.held("b")).hasSize(30);
    }

    @Test
    void closingSendsWhatIsLeftFirst() {
        held.store("a", new byte[] {1});
        held.store("b", new byte[] {2});
        held.close(Duration.ofSeconds(5));
        assertThat(sent).containsExactlyInAnyOrder("a", "b");
    }

    /** The controller, where storing the blobs that match waits for the latch first. */
    private BlobStorage waiting(CountDownLatch latch, Predicate<String> waits) {
        return new BlobStorage() {
            @Override
            public void store(String hash, byte[] value) {
                if (waits.test(hash)) {
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                controllerStorage.store(hash, value);
            }

            @Override
            public byte[] get(String hash) {
                return controllerStorage.get(hash);
            }
        };
    }

    private void awaitSent(String hash) throws InterruptedException {
        until(() -> sent.contains(hash) && !held.uploading(hash));
    }

    /** Waits until the condition holds (the class's time-out bounds the wait). */
    private static void until(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5);
        }
    }
}
