package dev.bramble.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the SDK does when the wire misbehaves: problems, 5xx, garbage, silence, a different protocol. */
@Timeout(60)
class WireFailuresTest {

    private static final String INFO = "{\"name\":\"bramble-controller\",\"version\":\"t\",\"protocolVersion\":"
            + dev.bramble.client.wire.WireClients.PROTOCOL_VERSION + ",\"profile\":\"default\","
            + "\"store\":\"memory\",\"engines\":1}";
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Client connect(Duration retry) {
        server.enqueue(json(200, INFO));
        return Client.builder().url(server.url("/").uri()).key("k").retryFor(retry).connect();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void aDifferentProtocolIsRefusedNamingBothVersions() {
        server.enqueue(json(200, INFO.replace("\"protocolVersion\":" + dev.bramble.client.wire.WireClients.PROTOCOL_VERSION, "\"protocolVersion\":7")));
        assertThatThrownBy(() -> Client.connect(server.url("/").uri(), "k")).isInstanceOf(BrambleException.class)
                .hasMessageContaining("this SDK speaks protocol " + dev.bramble.client.wire.WireClients.PROTOCOL_VERSION).hasMessageContaining("speaks protocol 7");
    }

    @Test
    void everyRequestCarriesTheKey() throws Exception {
        try (Client c = connect(Duration.ZERO)) {
            assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer k");
        }
    }

    @Test
    void aProblemBecomesOneApiExceptionWithTheProblem() {
        try (Client c = connect(Duration.ZERO)) {
            server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/problem+json")
                    .setBody("{\"title\":\"Bad request\",\"status\":400,\"detail\":\"engine 9 is not registered\",\"errors\":[{\"field\":\"targets\"}]}"));
            assertThatThrownBy(() -> c.engine(9).applySync("noop")).isInstanceOfSatisfying(BrambleApiException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.title()).isEqualTo("Bad request");
                assertThat(e.detail()).isEqualTo("engine 9 is not registered");
                assertThat(e.problem()).contains("\"field\":\"targets\"");
            });
        }
    }

    @Test
    void aServerErrorWithoutProblemStillSaysWhat() {
        try (Client c = connect(Duration.ZERO)) {
            server.enqueue(new MockResponse().setResponseCode(500).setBody("<html>oops</html>"));
            assertThatThrownBy(() -> c.engine(0).applySync("noop")).isInstanceOfSatisfying(BrambleApiException.class,
                    e -> assertThat(e.status()).isEqualTo(500));
        }
    }

    @Test
    void aGarbageBodyIsAClearErrorNotAParserTrace() {
        try (Client c = connect(Duration.ZERO)) {
            server.enqueue(json(200, "{not json"));
            assertThatThrownBy(c::ids).isInstanceOf(BrambleException.class).hasMessageContaining("cannot read");
        }
    }

    @Test
    void unavailableIsRetriedUntilTheControllerAnswers() {
        try (Client c = connect(Duration.ofSeconds(10))) {
            server.enqueue(json(503, "{\"title\":\"Store unavailable\",\"status\":503}"));
            server.enqueue(json(502, ""));
            server.enqueue(json(200, "[{\"id\":0,\"workerId\":\"w\",\"host\":\"h\",\"state\":\"ACTIVE\",\"running\":0,\"queued\":0}]"));
            assertThat(c.ids()).containsExactly(0);
        }
    }

    @Test
    void aSilentControllerFailsClearlyAfterTheRetryTime() throws Exception {
        try (Client c = connect(Duration.ofSeconds(1))) {
            server.shutdown();
            long t0 = System.nanoTime();
            assertThatThrownBy(c::ids).isInstanceOf(BrambleConnectionException.class)
                    .hasMessageContaining("has not answered for 1 s").hasMessageContaining("is it running?");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
        }
    }

    @Test
    void aSubmitThatMayHaveArrivedIsNotRepeated() {
        try (Client c = connect(Duration.ofSeconds(5))) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
            assertThatThrownBy(() -> c.engine(0).applySync("noop")).isInstanceOf(BrambleConnectionException.class)
                    .hasMessageContaining("may or may not have been accepted");
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }
}
