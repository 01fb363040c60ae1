package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.task.BlobNames;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the blob references in what a client submits, {@code {"$blob": "<sha256>", "$type": "int-list"}},
 * so that a mistyped one is a 400 naming the field rather than a task that fails on an engine. Whether the
 * blob exists is not checked here: a client may have staged it on the worker that runs the task.
 */
final class BlobReferences {

    /** The kinds of bytes a blob holds, as engines read them. */
    static final Set<String> TYPES = Set.of("double[]", "long[]", "int[]", "byte[]", "int-list", "double-list", "java");

    private static final String TYPE = "$type";

    private BlobReferences() {
    }

    /** Checks every reference in the value, at any depth; the field names where the value is in the request. */
    static void check(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(BlobNames.KEY)) {
                checkReference(map, field);
                return;
            }
            map.forEach((k, v) -> {
                if (v instanceof Map || v instanceof List) {
                    check(v, field + "." + k);
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (v instanceof Map || v instanceof List) {
                    check(v, field + "[" + i + "]");
                }
            }
        }
    }

    /** Checks each element of a list of values, naming it by its index in the field. */
    static void checkEach(List<?> values, String field) {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof Map || v instanceof List) {
                check(v, field + "[" + i + "]");
            }
        }
    }

    private static void checkReference(Map<?, ?> ref, String field) {
        Object hash = ref.get(BlobNames.KEY);
        if (!(hash instanceof String h) || !BlobNames.isName(h)) {
            throw SchedulerException.badRequest(field + "." + BlobNames.KEY, hash,
                    "a blob is named by the SHA-256 of its bytes, 64 lower-case hex digits (PUT /api/v1/blobs/{sha256} first)");
        }
        Object type = ref.get(TYPE);
        if (!(type instanceof String t) || !TYPES.contains(t)) {
            throw SchedulerException.badRequest(field + "." + TYPE, type, "a blob reference says how to read its bytes: \"$type\" is one of "
                    + TYPES.stream().sorted().toList());
        }
        if (ref.size() != 2) {
            throw SchedulerException.badRequest(field, ref.keySet(), "a blob reference has \"$blob\" and \"$type\" and nothing else");
        }
    }
}
