package dev.bramble.lazy;

import dev.bramble.client.internal.CodeBundler;
import dev.bramble.client.internal.Values;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * Keys of graph nodes, like dask's tokenize: the function's name and a hash of the function (its
 * serialized form: class, method and captured values) and of its arguments. The same pure call gets the
 * same key, so a subgraph built twice runs once.
 */
final class Keys {

    /** A function's identity bytes and name, computed once per lambda object. */
    private record Identity(byte[] bytes, String name) {
    }

    private static final Map<Object, Identity> IDENTITIES = new WeakHashMap<>();

    private Keys() {
    }

    /** The name a lambda's keys start with: the method of a method reference, "lambda" for a lambda. */
    static String name(Serializable fn) {
        return identity(fn).name();
    }

    static String key(Op op, List<Object> args, boolean pure) {
        if (!pure) {
            return op.name() + "-" + UUID.randomUUID().toString().replace("-", "");
        }
        MessageDigest sha = sha256();
        if (op instanceof Op.Call c) {
            sha.update(identity(c.fn()).bytes());
        } else {
            sha.update(op.name().getBytes(StandardCharsets.UTF_8));
        }
        if (!token(args, sha)) {
            return key(op, args, false);
        }
        return op.name() + "-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /** Feeds the arguments to the digest; false if one cannot be hashed (then the key is unique). */
    private static boolean token(List<Object> args, MessageDigest sha) {
        for (Object a : args) {
            if (a instanceof Node.Ref r) {
                update(sha, "R" + r.key());
            } else if (a instanceof Node.ListArg l) {
                update(sha, "L" + l.items().size());
                if (!token(l.items(), sha)) {
                    return false;
                }
            } else if (a == null || a instanceof Integer || a instanceof Long || a instanceof String || a instanceof Boolean
                    || a instanceof Double) {
                update(sha, a == null ? "N" : a.getClass().getSimpleName().charAt(0) + String.valueOf(a));
            } else if (a instanceof Serializable) {
                update(sha, "J");
                sha.update(Values.serialize(a));
            } else {
                return false;
            }
        }
        return true;
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static Identity identity(Serializable fn) {
        synchronized (IDENTITIES) {
            Identity known = IDENTITIES.get(fn);
            if (known != null) {
                return known;
            }
        }
        SerializedLambda form = CodeBundler.serializedFormOrNull(fn);
        String name = form == null || form.getImplMethodName().startsWith("lambda$") ? "lambda" : form.getImplMethodName();
        Identity id = new Identity(Values.serialize(fn), name);
        synchronized (IDENTITIES) {
            IDENTITIES.put(fn, id);
        }
        return id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
