package dev.bramble.it;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port in front of the controller that loses answers on the way back: the first
 * {@code losses} answers holding a task assignment are not passed on, and their connection is cut, as a
 * flaky link to a worker does after the controller has written its answer.
 */
final class LossyProxy implements AutoCloseable {

    private static final byte[] ASSIGNMENT = "\"taskId\"".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int controllerPort;
    private final AtomicInteger losses;
    private final AtomicInteger lost = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    LossyProxy(int controllerPort, int losses) {
        this.controllerPort = controllerPort;
        this.losses = new AtomicInteger(losses);
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::accept, "lossy-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** How many answers it lost so far. */
    int lost() {
        return lost.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket worker = server.accept();
                Socket controller = new Socket();
                controller.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), controllerPort), 5_000);
                open.add(worker);
                open.add(controller);
                relay(worker, controller, false);
                relay(controller, worker, true);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void relay(Socket from, Socket to, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (answers && contains(buffer, n) && losses.getAndUpdate(l -> Math.max(0, l - 1)) > 0) {
                        lost.incrementAndGet();
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "lossy-proxy-relay");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the bytes read hold an assignment; if so, they and the rest of the answer are lost. */
    private static boolean contains(byte[] buffer, int length) {
        outer:
        for (int i = 0; i + ASSIGNMENT.length <= length; i++) {
            for (int j = 0; j < ASSIGNMENT.length; j++) {
                if (buffer[i + j] != ASSIGNMENT[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(LossyProxy::closeQuietly);
    }
}
