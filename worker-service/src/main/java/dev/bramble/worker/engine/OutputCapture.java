package dev.bramble.worker.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what a task prints to System.out and System.err. The streams are replaced once per JVM with
 * ones that write to the current engine thread's buffer while a task runs, and to the console otherwise.
 */
final class OutputCapture {

    static final int LIMIT = 1 << 20;
    private static final ThreadLocal<ByteArrayOutputStream[]> CURRENT = new ThreadLocal<>();
    private static boolean installed;

    private OutputCapture() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        System.setOut(new PrintStream(new Router(System.out, 0), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Router(System.err, 1), true, StandardCharsets.UTF_8));
        installed = true;
    }

    static void begin() {
        CURRENT.set(new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()});
    }

    /** Ends the capture of this thread: stdout and stderr, null where nothing was printed. */
    static String[] end() {
        ByteArrayOutputStream[] buffers = CURRENT.get();
        CURRENT.remove();
        if (buffers == null) {
            return new String[2];
        }
        return new String[] {text(buffers[0]), text(buffers[1])};
    }

    private static String text(ByteArrayOutputStream b) {
        if (b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return b.size() >= LIMIT ? s + "\n[output cut at " + LIMIT + " bytes]" : s;
    }

    private static final class Router extends OutputStream {
        private final OutputStream console;
        private final int which;

        Router(OutputStream console, int which) {
            this.console = console;
            this.which = which;
        }

        @Override
        public void write(int b) throws IOException {
            ByteArrayOutputStream[] buffers = CURRENT.get();
            if (buffers == null) {
                console.write(b);
            } else if (buffers[which].size() < LIMIT) {
                buffers[which].write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteArrayOutputStream[] buffers = CURRENT.get();
            if (buffers == null) {
                console.write(b, off, len);
            } else {
                int room = LIMIT - buffers[which].size();
                if (room > 0) {
                    buffers[which].write(b, off, Math.min(room, len));
                }
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
        }
    }
}
