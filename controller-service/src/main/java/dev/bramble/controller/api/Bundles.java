package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.GraphPlan;
import dev.bramble.controller.scheduler.JobPlan;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.task.Code;
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
            check(plan.tasks().get(i).code(), i);
        }
    }

    void checkPlan(GraphPlan plan) {
        for (int i = 0; i < plan.tasks().size(); i++) {
            check(plan.tasks().get(i).code(), i);
        }
    }

    private void check(Code code, int task) {
        if (code != null && !known.contains(code.bundle())) {
            if (store.bundle(code.bundle()).isEmpty()) {
                throw SchedulerException.badRequest("tasks[" + task + "].code.bundle", code.bundle(), "bundle " + code.bundle()
                        + " is not stored; PUT it to /api/v1/bundles/" + code.bundle() + " first");
            }
            known.add(code.bundle());
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
