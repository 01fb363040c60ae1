package dev.bramble.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.internal.BlobStorage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
    void aResultIsHeldAtOnceAndSentToTheControllerOnceAClientReadIt() throws Exception {
        byte[] bytes = {1, 2, 3};
        held.store("h", bytes);
        assertThat(held.uploading("h")).isTrue();
        assertThat(held.anyUploading()).isTrue();
        assertThat(held.held("h")).isSameAs(bytes);
        assertThat(held.get("h")).isSameAs(bytes);

        held.read("h");
        awaitSent("h");
        assertThat(controller.get("h")).isSameAs(bytes);
        assertThat(held.held("h")).as("kept for a client still on its way").isSameAs(bytes);
    }

    @Test
    void aResultNobodyReadsIsSentAfterAShortWhile() throws Exception {
        held.store("h", new byte[] {1});
        Thread.sleep(HeldResults.SEND_AFTER.toMillis() / 2);
        assertThat(sent).isEmpty();
        awaitSent("h");
    }

    @Test
    void equalResultsOfTwoEnginesGoOnce() throws Exception {
        held.store("h", new byte[] {1});
        held.store("h", new byte[] {1});
        held.read("h");
        held.read("h");
        awaitSent("h");
        Thread.sleep(HeldResults.SEND_AFTER.toMillis() * 2);
        assertThat(sent).containsExactly("h");
    }

    @Test
    void sendingIsRetriedWhileTheControllerIsAway() throws Exception {
        failuresLeft.set(3);
        held.store("h", new byte[] {1});
        held.read("h");
        awaitSent("h");
        assertThat(failuresLeft.get()).isNegative();
    }

    @Test
    void aResultTheControllerNeverTookIsDroppedAndSentAgainWhenAnEngineHasItAgain() throws Exception {
        HeldResults impatient = new HeldResults(controllerStorage, 100, Duration.ofMillis(300));
        try {
            failuresLeft.set(1_000);
            impatient.store("h", new byte[] {1});
            impatient.read("h");
            while (impatient.uploading("h")) {
                Thread.sleep(5);
            }
            assertThat(impatient.held("h")).isNull();
            assertThat(sent).isEmpty();
            failuresLeft.set(0);
            impatient.store("h", new byte[] {1});
            assertThat(impatient.uploading("h")).isTrue();
            impatient.read("h");
            while (!sent.contains("h")) {
                Thread.sleep(5);
            }
        } finally {
            impatient.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutRoomAResultGoesToTheControllerBeforeTheStoreReturns() {
        held.store("a", new byte[80]);
        held.store("b", new byte[30]);
        assertThat(sent).containsExactly("b");
        assertThat(held.uploading("b")).isFalse();
        assertThat(held.held("b")).isNull();
        assertThat(held.get("b")).hasSize(30);
    }

    @Test
    void sentResultsMakeRoomForNewOnes() throws Exception {
        held.store("a", new byte[80]);
        held.read("a");
        awaitSent("a");
        held.store("b", new byte[30]);
        assertThat(held.uploading("b")).isTrue();
        assertThat(held.held("a")).isNull();
    }

    @Test
    void closingSendsWhatIsLeftFirst() {
        held.store("a", new byte[] {1});
        held.store("b", new byte[] {2});
        held.close(Duration.ofSeconds(5));
        assertThat(sent).containsExactlyInAnyOrder("a", "b");
    }

    private void awaitSent(String hash) throws InterruptedException {
        while (!sent.contains(hash) || held.uploading(hash)) {
            Thread.sleep(5);
        }
    }
}
