package dev.bramble.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** View options are immutable and name the bad value. */
class SettingsTest {

    @Test
    void withersReturnNewSettingsAndValidate() {
        Settings s = Settings.DEFAULT.retries(2).timeout(Duration.ofSeconds(3)).label("x").chunkSize(10);
        assertThat(s).isEqualTo(new Settings(2, Duration.ofSeconds(3), java.util.List.of(), "x", 10));
        assertThat(Settings.DEFAULT.retries()).isZero();
        assertThat(s.wire().getTimeoutSeconds()).isEqualTo(3.0);
        assertThatThrownBy(() -> Settings.DEFAULT.retries(-1)).hasMessage("retries < 0: -1");
        assertThatThrownBy(() -> Settings.DEFAULT.timeout(Duration.ofSeconds(-5))).hasMessage("timeout < 0: PT-5S");
        assertThatThrownBy(() -> Settings.DEFAULT.chunkSize(0)).hasMessage("chunkSize < 1: 0");
    }

    @Test
    void rangeIsPythonsRange() {
        assertThat(Client.range(4)).containsExactly(0, 1, 2, 3);
        assertThat(Client.range(0)).isEmpty();
    }
}
