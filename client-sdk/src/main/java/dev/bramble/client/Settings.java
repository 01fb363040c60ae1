package dev.bramble.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A view's task options; immutable, each wither validates and names the bad value. */
record Settings(int retries, Duration timeout, List<Long> after, String label, int chunkSize) {

    /** chunkSize 0: automatic, about four chunks per engine. */
    static final Settings DEFAULT = new Settings(0, Duration.ZERO, List.of(), null, 0);

    Settings {
        if (retries < 0) {
            throw new IllegalArgumentException("retries < 0: " + retries);
        }
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunkSize < 1: " + chunkSize);
        }
        after = List.copyOf(after);
    }

    Settings retries(int n) {
        return new Settings(n, timeout, after, label, chunkSize);
    }

    Settings timeout(Duration d) {
        return new Settings(retries, d, after, label, chunkSize);
    }

    Settings after(AsyncResult<?>... results) {
        List<Long> ids = new ArrayList<>(after);
        for (AsyncResult<?> r : results) {
            ids.addAll(r.taskIds());
        }
        return new Settings(retries, timeout, ids, label, chunkSize);
    }

    Settings label(String l) {
        return new Settings(retries, timeout, after, l, chunkSize);
    }

    Settings chunkSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunkSize < 1: " + n);
        }
        return new Settings(retries, timeout, after, label, n);
    }

    dev.bramble.client.wire.model.TaskOptions wire() {
        return new dev.bramble.client.wire.model.TaskOptions()
                .retries(retries)
                .timeoutSeconds(timeout.toMillis() / 1000.0)
                .after(after)
                .label(label);
    }
}
