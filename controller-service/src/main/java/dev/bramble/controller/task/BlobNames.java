package dev.bramble.controller.task;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blobs that values name: a bulk value travels as {@code {"$blob": "<sha256>", "$type": ...}} in a task's
 * arguments or result, and the controller's blobs are kept while something names them.
 */
public final class BlobNames {

    /** The key of a blob reference in a JSON object. */
    public static final String KEY = "$blob";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IN_JSON = Pattern.compile("\"\\$blob\"\\s*:\\s*\"([0-9a-f]{64})\"");

    private BlobNames() {
    }

    /** Whether the text is a blob's name: the SHA-256 of its bytes in lower-case hex. */
    public static boolean isName(String text) {
        return HASH.matcher(text).matches();
    }

    /** Adds the blobs named anywhere in a JSON-shaped value (maps, lists, strings, numbers). */
    public static void of(Object value, Set<String> into) {
        // A stack rather than recursion: a value's nesting is bounded by the JSON reader, not by this method.
        Deque<Object> pending = new ArrayDeque<>();
        if (value != null) {
            pending.push(value);
        }
        while (!pending.isEmpty()) {
            Object v = pending.pop();
            if (v instanceof Map<?, ?> map) {
                if (map.get(KEY) instanceof String hash && HASH.matcher(hash).matches()) {
                    into.add(hash);
                }
                map.values().forEach(e -> push(pending, e));
            } else if (v instanceof Collection<?> list) {
                list.forEach(e -> push(pending, e));
            }
        }
    }

    private static void push(Deque<Object> pending, Object v) {
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            pending.push(v);
        }
    }

    /** Adds the blobs named in a JSON text (a stored task); text that only looks like a reference counts too. */
    public static void inJson(CharSequence json, Set<String> into) {
        Matcher m = IN_JSON.matcher(json);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
