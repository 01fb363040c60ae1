package dev.bramble.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.ResponseBody;

/** Binary bodies read straight into one array of the declared length. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * The body's bytes. {@link ResponseBody#bytes()} buffers the whole body in 8 KiB segments before
     * copying it; reading the stream into an array of the declared length recycles the segments as it goes.
     */
    public static byte[] bytes(ResponseBody body) throws IOException {
        long length = body.contentLength();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            return body.bytes();
        }
        try (InputStream in = body.byteStream()) {
            return exactly(in, (int) length);
        }
    }

    /**
     * Exactly that many bytes of the stream, read straight into one array ({@code readNBytes(int)} reads a
     * large body in 8 KiB pieces and copies them once more).
     */
    public static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int n = in.readNBytes(bytes, 0, length);
        if (n != length) {
            throw new EOFException("the body ended after " + n + " of its " + length + " bytes");
        }
        return bytes;
    }
}
