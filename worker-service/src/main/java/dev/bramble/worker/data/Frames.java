package dev.bramble.worker.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The data server's answer: per value, its kind (UTF) and its bytes (a 4-byte length, then the bytes). */
final class Frames {

    private Frames() {
    }

    static void write(DataOutputStream out, String kind, byte[] bytes) throws IOException {
        out.writeUTF(kind);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** One value as read: its kind ("" when the worker did not hold it) and its bytes. */
    record Frame(String kind, byte[] bytes) {
    }

    static Frame read(DataInputStream in) throws IOException {
        String kind = in.readUTF();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new Frame(kind, bytes);
    }
}
