package dev.bramble.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.internal.BlobStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagedBlobsTest {

    private final Map<String, byte[]> controller = new HashMap<>();
    private final List<String> fetchedFromController = new ArrayList<>();
    private final StagedBlobs staged = new StagedBlobs(new BlobStorage() {
        @Override
        public void store(String hash, byte[] bytes) {
            controller.put(hash, bytes);
        }

        @Override
        public byte[] get(String hash) {
            fetchedFromController.add(hash);
            return controller.get(hash);
        }
    }, 100);

    @Test
    void aStagedValueServesAsManyReadsAsTheClientSaidThenTheControllerDoes() {
        byte[] bytes = {1, 2, 3};
        controller.put("h", new byte[] {9});
        assertThat(staged.stage("h", bytes, 2)).isTrue();

        assertThat(staged.get("h")).isSameAs(bytes);
        assertThat(staged.get("h")).isSameAs(bytes);
        assertThat(fetchedFromController).isEmpty();
        assertThat(staged.get("h")).containsExactly(9);
        assertThat(fetchedFromController).containsExactly("h");
    }

    @Test
    void stagingTheSameValueAgainAddsReadsAndTakesNoMoreRoom() {
        assertThat(staged.stage("h", new byte[60], 1)).isTrue();
        assertThat(staged.stage("h", new byte[60], 1)).isTrue();
        assertThat(staged.hasRoom(40)).isTrue();
        staged.get("h");
        staged.get("h");
        assertThat(staged.hasRoom(100)).isTrue();
    }

    @Test
    void stagingBeyondTheLimitIsRefusedAndStoresGoToTheController() {
        assertThat(staged.stage("a", new byte[70], 1)).isTrue();
        assertThat(staged.hasRoom(31)).isFalse();
        assertThat(staged.stage("b", new byte[31], 1)).isFalse();
        staged.store("r", new byte[] {4});
        assertThat(controller).containsKey("r");
    }
}
