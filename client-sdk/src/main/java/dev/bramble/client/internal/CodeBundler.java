package dev.bramble.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Packs what a lambda needs to run on an engine: the serialized lambda, and a jar of the classes it
 * uses from the client's classpath (the class that wrote the lambda and, transitively, every class those
 * refer to), leaving out the JDK's and Bramble's own. The jar is reproducible, so the same classes give
 * the same SHA-256 and are uploaded once.
 */
public final class CodeBundler {

    /** A lambda ready to travel. */
    public record Packed(Bundle bundle, byte[] lambda) {
    }

    /** A jar of classes and the SHA-256 of its bytes. */
    public record Bundle(String hash, byte[] jar, Set<String> classes) {
    }

    private static final List<String> PROVIDED = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/bramble/client/", "dev/bramble/function/",
            "com/fasterxml/jackson/", "okhttp3/", "okio/", "retrofit2/", "kotlin/", "org/objectweb/asm/", "me/tongfei/", "org/jline/");
    private static final long FIXED_TIME = 315_532_800_000L;

    private final ClassLoader loader;
    private final Map<String, Bundle> byRoots = new ConcurrentHashMap<>();

    /** A bundler reading classes from the loader. */
    public CodeBundler(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * Serializes the lambda and bundles its classes.
     *
     * @throws IllegalArgumentException if the lambda is not serializable or captures something that is not,
     *     naming what
     */
    public Packed pack(Serializable lambda) {
        SerializedLambda form = serializedForm(lambda);
        for (int i = 0; i < form.getCapturedArgCount(); i++) {
            String path = nonSerializable(form.getCapturedArg(i), "captured value " + i, new IdentityHashMap<>());
            if (path != null) {
                throw new IllegalArgumentException("the lambda " + form.getImplClass().replace('/', '.') + "." + form.getImplMethodName()
                        + " cannot be sent to an engine: " + path + " is not Serializable; capture only serializable values");
            }
        }
        byte[] bytes;
        try {
            bytes = Values.serialize(lambda);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof NotSerializableException n) {
                throw new IllegalArgumentException("the lambda " + form.getImplMethodName() + " cannot be sent to an engine: "
                        + n.getMessage() + " is not Serializable", e);
            }
            throw e;
        }
        Set<String> roots = new TreeSet<>();
        roots(form, roots, new IdentityHashMap<>());
        Bundle bundle = byRoots.computeIfAbsent(String.join(" ", roots), key -> bundle(roots));
        return new Packed(bundle, bytes);
    }

    /** The classes a lambda starts from: where it was written, its body, and what it captured (lambdas included). */
    private static void roots(SerializedLambda form, Set<String> roots, Map<Object, Boolean> seen) {
        roots.add(form.getCapturingClass());
        roots.add(form.getImplClass());
        for (int i = 0; i < form.getCapturedArgCount(); i++) {
            capturedRoots(form.getCapturedArg(i), roots, seen);
        }
    }

    /** A captured value's classes: a lambda's roots, a collection's elements' (a fused chain captures its calls in lists). */
    private static void capturedRoots(Object captured, Set<String> roots, Map<Object, Boolean> seen) {
        if (captured == null || seen.put(captured, Boolean.TRUE) != null) {
            return;
        }
        SerializedLambda inner = captured instanceof Serializable s ? serializedFormOrNull(s) : null;
        if (inner != null) {
            roots(inner, roots, seen);
            return;
        }
        if (captured instanceof java.util.Collection<?> c) {
            c.forEach(e -> capturedRoots(e, roots, seen));
        }
        if (captured instanceof Record r) {
            for (var component : r.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    capturedRoots(component.getAccessor().invoke(r), roots, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // An inaccessible component: its class still goes in below.
                }
            }
        }
        Class<?> type = captured.getClass();
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (!type.isPrimitive()) {
            roots.add(type.getName().replace('.', '/'));
        }
    }

    private static SerializedLambda serializedForm(Serializable lambda) {
        SerializedLambda form = serializedFormOrNull(lambda);
        if (form == null) {
            throw new IllegalArgumentException("only lambdas and method references can be sent to an engine, not a "
                    + lambda.getClass().getName());
        }
        return form;
    }

    /** The serialized form of a lambda or method reference; null for any other object. */
    public static SerializedLambda serializedFormOrNull(Serializable lambda) {
        if (!lambda.getClass().isSynthetic()) {
            return null;
        }
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(lambda) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The path to the first value that cannot be serialized, or null if all can. */
    private static String nonSerializable(Object value, String path, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null || seen.size() > 10_000) {
            return null;
        }
        Class<?> type = value.getClass();
        if (!(value instanceof Serializable)) {
            return path + " (" + type.getName() + ")";
        }
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                Object[] array = (Object[]) value;
                for (int i = 0; i < array.length; i++) {
                    String p = nonSerializable(array[i], path + "[" + i + "]", seen);
                    if (p != null) {
                        return p;
                    }
                }
            }
            return null;
        }
        if (type.getName().startsWith("java.")) {
            return null;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    String p = nonSerializable(f.get(value), path + "." + f.getName(), seen);
                    if (p != null) {
                        return p;
                    }
                } catch (RuntimeException | IllegalAccessException e) {
                    // an inaccessible field: serialization will tell
                }
            }
        }
        return null;
    }

    /** A reproducible jar of the classes and everything they refer to on the client's classpath. */
    Bundle bundle(Set<String> roots) {
        Map<String, byte[]> classes = new TreeMap<>();
        ArrayDeque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (classes.containsKey(name) || provided(name)) {
                continue;
            }
            byte[] bytes = read(name);
            if (bytes == null) {
                continue;
            }
            classes.put(name, bytes);
            for (String ref : references(bytes)) {
                if (!classes.containsKey(ref)) {
                    todo.add(ref);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey() + ".class");
                entry.setTime(FIXED_TIME);
                jar.putNextEntry(entry);
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        return new Bundle(sha256(bytes), bytes, new TreeSet<>(classes.keySet()));
    }

    private static boolean provided(String internalName) {
        for (String prefix : PROVIDED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return internalName.startsWith("[");
    }

    private byte[] read(String internalName) {
        String resource = internalName + ".class";
        if (ClassLoader.getPlatformClassLoader().getResource(resource) != null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class " + internalName, e);
        }
    }

    private static Set<String> references(byte[] classFile) {
        Set<String> found = new TreeSet<>();
        Remapper recorder = new Remapper() {
            @Override
            public String map(String internalName) {
                found.add(internalName);
                return internalName;
            }
        };
        new ClassReader(classFile).accept(new ClassRemapper(new VisitEverything(), recorder), 0);
        return found;
    }

    /**
     * A visitor that asks for every method, field and annotation: {@link ClassRemapper} only walks the
     * parts its delegate visits, and a method body's references are the ones that matter most.
     */
    private static final class VisitEverything extends ClassVisitor {
        VisitEverything() {
            super(Opcodes.ASM9);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                    return new AnnotationVisitor(Opcodes.ASM9) { };
                }
            };
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return new FieldVisitor(Opcodes.ASM9) { };
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return new AnnotationVisitor(Opcodes.ASM9) { };
        }
    }

    /** The SHA-256 of the bytes in lower-case hex, as bundles and blobs are named. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
