package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.JobPlan;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.scheduler.TaskPlan;
import dev.bramble.controller.store.TaskStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The stored code bundles: content-addressed, checked on upload, and required before a task may name one. */
@Component
class Bundles {

    private final TaskStore store;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    Bundles(TaskStore store) {
        this.store = store;
    }

    /** Stores the bytes if their SHA-256 is the hash. */
    void put(String hash, byte[] bytes) {
        String actual = sha256(bytes);
        if (!actual.equals(hash)) {
            throw SchedulerException.badRequest("hash", hash, "the body's SHA-256 is " + actual + ", not " + hash);
        }
        store.putBundle(hash, bytes);
        known.add(hash);
    }

    Optional<byte[]> get(String hash) {
        return store.bundle(hash);
    }

    /** Refuses a plan that names a bundle nobody uploaded. */
    void checkPlan(JobPlan plan) {
        for (int i = 0; i < plan.tasks().size(); i++) {
            TaskPlan t = plan.tasks().get(i);
            if (t.code() != null && !known.contains(t.code().bundle())) {
                if (store.bundle(t.code().bundle()).isEmpty()) {
                    throw SchedulerException.badRequest("tasks[" + i + "].code.bundle", t.code().bundle(), "bundle " + t.code().bundle()
                            + " is not stored; PUT it to /api/v1/bundles/" + t.code().bundle() + " first");
                }
                known.add(t.code().bundle());
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
