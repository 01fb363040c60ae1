package dev.bramble.client.internal;

import java.io.IOException;
import java.io.OutputStream;

/** The bytes of a bulk value, which can be written out without first being made into one array. */
public interface Body {

    /** How many bytes it has. */
    int length();

    /** Writes them, in slices of at most {@link Bodies#SLICE}. */
    void writeTo(OutputStream out) throws IOException;

    /** Them in one array (which may be the value's own, for a byte[]: never modify it). */
    byte[] bytes();

    /** Bytes already in an array. */
    static Body of(byte[] bytes) {
        return new Body() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                Bodies.write(out, bytes, bytes.length);
            }

            @Override
            public byte[] bytes() {
                return bytes;
            }
        };
    }
}
