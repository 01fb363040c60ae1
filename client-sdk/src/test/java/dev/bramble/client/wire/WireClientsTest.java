package dev.bramble.client.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.wire.model.GraphTask;
import dev.bramble.client.wire.model.TaskOutcome;
import dev.bramble.client.wire.model.TaskReport;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.Socket;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void bulkItemsLeaveOutWhatTheyDoNotSetButValuesKeepTheirNulls() throws Exception {
        ObjectMapper json = WireClients.mapper();
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("k", null);
        JsonNode task = json.readTree(json.writeValueAsString(new GraphTask().key("t").codeIndex(0).args(Arrays.asList(1, null, withNull))));
        assertThat(task.has("function")).isFalse();
        assertThat(task.has("options")).isFalse();
        assertThat(task.get("args").toString()).isEqualTo("[1,null,{\"k\":null}]");

        TaskReport report = new TaskReport().taskId(1L).attempt(1).engine(0).outcome(TaskOutcome.COMPLETED);
        String written = json.writeValueAsString(report);
        assertThat(written).doesNotContain("\"result\"").doesNotContain("\"stdout\"");
        assertThat(json.readValue(written, TaskReport.class)).isEqualTo(report);
        assertThat(json.writeValueAsString(report.result(withNull))).contains("\"result\":{\"k\":null}");
    }

    private record Times(OffsetDateTime at) {
    }

    /** The RFC 3339 parser reads what Jackson's own reading gives, offsets kept, and what it refuses Jackson reads. */
    @Test
    void timesReadAsJacksonReadsThem() throws Exception {
        ObjectMapper jackson = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();
        ObjectMapper wire = WireClients.mapper();
        List<String> times = List.of("\"2026-11-22T17:01:23Z\"", "\"2026-11-22T17:01:23.1Z\"", "\"2026-11-22T17:01:23.123456789Z\"",
                "\"2026-11-22T18:01:23.5+01:00\"", "\"2026-11-22T12:01:23-05:30\"", "\"2026-11-22t17:01:23z\"", "\" 2026-11-22T17:01:23Z \"",
                "\"2026-11-22T18:01:23+0100\"", "\"2026-11-22T17:01Z\"", "1795366883.25", "null", "\"\"",
                "\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-22T17:01:23\"", "\"2016-12-31T23:59:60Z\"", "[1]", "{}");
        int refused = 0;
        for (String time : times) {
            String body = "{\"at\": " + time + "}";
            Object expected;
            try {
                expected = jackson.readValue(body, Times.class);
            } catch (JacksonException e) {
                expected = e.getClass();
                refused++;
            }
            Object actual;
            try {
                actual = wire.readValue(body, Times.class);
            } catch (JacksonException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(time).isEqualTo(expected);
        }
        assertThat(refused).as("bad times among the cases").isGreaterThanOrEqualTo(4);
        assertThat(((DefaultDeserializationContext) wire.getDeserializationContext()).createDummyInstance(wire.getDeserializationConfig())
                .findRootValueDeserializer(wire.constructType(OffsetDateTime.class))).isInstanceOf(WireClients.Rfc3339Times.class);
        assertThat(wire.readValue("{\"at\": \"2026-11-22T18:01:23.5+01:00\"}", Times.class).at().getOffset())
                .isEqualTo(ZoneOffset.ofHours(1));
    }
}
