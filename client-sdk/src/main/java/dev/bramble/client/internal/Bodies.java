package dev.bramble.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import okhttp3.ResponseBody;

/** Binary bodies read straight into one array of the declared length, and written and read in bounded slices. */
public final class Bodies {

    /**
     * The largest single write or read of a body. The JDK's socket layer copies each one through a direct buffer
     * of that size, which it then keeps for the thread; its HTTP server also copies each write into a buffer of
     * the connection that grows to twice the write and stays with it. Slices keep both small and were no slower
     * (10 MB over loopback in 5.5 ms instead of 6.2 in one write).
     */
    public static final int SLICE = 256 * 1024;

    private Bodies() {
    }

    /** Writes the first length bytes in slices of {@link #SLICE}. */
    public static void write(OutputStream out, byte[] bytes, int length) throws IOException {
        for (int off = 0; off < length; off += SLICE) {
            out.write(bytes, off, Math.min(SLICE, length - off));
        }
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
     * Exactly that many bytes of the stream, read straight into one array in slices of {@link #SLICE}
     * ({@code readNBytes(int)} reads a large body in 8 KiB pieces and copies them once more).
     */
    public static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int n = 0;
        while (n < length) {
            int got = in.read(bytes, n, Math.min(SLICE, length - n));
            if (got < 0) {
                throw new EOFException("the body ended after " + n + " of its " + length + " bytes");
            }
            n += got;
        }
        return bytes;
    }
}
