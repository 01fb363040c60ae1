package dev.bramble.controller.task;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Java client's lambda: the serialized lambda and the bundle of classes it needs. Opaque to the
 * controller, which stores and forwards it and never loads it.
 */
public record Code(String bundle, byte[] lambda) {

    public Code {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(lambda, "lambda");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Code c && c.bundle.equals(bundle) && Arrays.equals(c.lambda, lambda);
    }

    @Override
    public int hashCode() {
        return bundle.hashCode() * 31 + Arrays.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "Code[bundle=" + bundle + ", lambda=" + lambda.length + " bytes]";
    }
}
