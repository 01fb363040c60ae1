package dev.bramble.client.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import org.junit.jupiter.api.Test;

class WireClientsTest {

    /** With Nagle's algorithm on, a body written after its headers waits for the server's delayed acknowledgement. */
    @Test
    void connectionsSendEveryWriteAtOnce() throws Exception {
        try (Socket s = WireClients.client().socketFactory().createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
        try (Socket s = WireClients.authenticated(WireClients.client(), "k").build().socketFactory().createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }
}
