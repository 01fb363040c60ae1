package dev.bramble.worker.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.client.ConnectionFile;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.model.PollRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's polls against a controller that misbehaves on the wire: one that never answers, and one that
 * refuses. (Polls against the real controller are in the integration tests.)
 */
class ControllerLinkTest {

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : accepted) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCancelledPollEndsAtOnceThoughTheControllerNeverAnswers() throws Exception {
        ControllerLink link = link(s -> { }, Duration.ofMinutes(1));
        ControllerLink.Poll poll = link.poll("w", new PollRequest().capacity(List.of()).waitMs(30_000L));
        CompletableFuture<Object> sent = CompletableFuture.supplyAsync(() -> run(poll));
        Thread.sleep(300);
        assertThat(sent).as("the poll waits for the answer").isNotDone();
        long t0 = System.nanoTime();
        poll.cancel();
        assertThat(sent.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aPollPastItsDeadlineIsEndedByTheNextCheckAndOneWithinItIsNot() throws Exception {
        ControllerLink link = link(s -> { }, Duration.ofMillis(200));
        CompletableFuture<Object> late = CompletableFuture.supplyAsync(() -> run(link.poll("w", new PollRequest().capacity(List.of())
                .waitMs(0L))));
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> run(link.poll("w", new PollRequest().capacity(List.of())
                .waitMs(60_000L))));
        // Both polls are sent (their deadlines set) once the controller has their connections; then the short one is overdue.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (accepted.size() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(accepted).hasSize(2);
        Thread.sleep(600);
        link.endOverduePolls();
        assertThat(late.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        Thread.sleep(300);
        assertThat(waiting).as("a poll within its wait goes on").isNotDone();
    }

    @Test
    void aRefusalCarriesTheStatusAndTheProblem() throws Exception {
        String problem = "{\"title\": \"Conflict\", \"status\": 409, \"detail\": \"protocol 1 against 3\"}";
        ControllerLink link = link(s -> answer(s, "409 Conflict", problem), Duration.ofMinutes(1));
        assertThatThrownBy(() -> link.poll("w", new PollRequest().capacity(List.of()).waitMs(0L)).execute())
                .isInstanceOfSatisfying(ControllerLink.RefusedException.class, e -> {
                    assertThat(e.status).isEqualTo(409);
                    assertThat(e.getMessage()).contains("protocol 1 against 3");
                });
    }

    /** A link to a server on a loopback port that hands every accepted connection to the handler. */
    private ControllerLink link(Consumer<Socket> handler, Duration overdue) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    handler.accept(s);
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-controller");
        acceptor.setDaemon(true);
        acceptor.start();
        ConnectionFile file = new ConnectionFile(URI.create("http://127.0.0.1:" + server.getLocalPort()), "k".repeat(64), "default",
                WireClients.PROTOCOL_VERSION);
        return new ControllerLink(file, WireClients.mapper(), Duration.ofSeconds(30), overdue);
    }

    /** Reads the request's head and body, then writes the answer. */
    private static void answer(Socket s, String status, String body) {
        try {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            int length = Integer.parseInt(head.toString().replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
            in.readNBytes(length);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/problem+json\r\nContent-Length: " + b.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The poll's answer, or what it threw. */
    private static Object run(ControllerLink.Poll poll) {
        try {
            return poll.execute();
        } catch (IOException e) {
            return e;
        }
    }
}
