package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** Times read by the RFC 3339 parser are the times Jackson's own reading gives, and what it refuses Jackson reads. */
class RequestTimesTest {

    private final JsonMapper jackson = JsonMapper.builder().build();
    private final JsonMapper fast = JsonMapper.builder()
            .addModule(new SimpleModule().addDeserializer(OffsetDateTime.class, new RequestTimes.Rfc3339())).build();

    private record Times(OffsetDateTime at) {
    }

    private static String body(String time) {
        return "{\"at\": " + time + "}";
    }

    @Test
    void readsWhatJacksonReadsAndRefusesWhatItRefuses() {
        List<String> times = List.of("\"2026-11-22T17:01:23Z\"", "\"2026-11-22T17:01:23.1Z\"", "\"2026-11-22T17:01:23.123456789Z\"",
                "\"2026-11-22T18:01:23.5+01:00\"", "\"2026-11-22T12:01:23-05:30\"", "\"2026-11-22t17:01:23z\"", "\" 2026-11-22T17:01:23Z \"",
                "\"2026-11-22T18:01:23+0100\"", "\"2026-11-22T17:01Z\"", "1795366883.25", "null", "\"\"",
                "\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-22T17:01:23\"", "\"2016-12-31T23:59:60Z\"", "[1]", "{}");
        int refused = 0;
        for (String time : times) {
            Object expected;
            try {
                expected = jackson.readValue(body(time), Times.class);
            } catch (JacksonException e) {
                expected = e.getClass();
                refused++;
            }
            Object actual;
            try {
                actual = fast.readValue(body(time), Times.class);
            } catch (JacksonException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(time).isEqualTo(expected);
        }
        assertThat(refused).as("bad times among the cases").isGreaterThanOrEqualTo(4);
        assertThat(fast.readValue(body("\"2026-11-22T18:01:23.5+01:00\""), Times.class).at())
                .isEqualTo(OffsetDateTime.parse("2026-11-22T17:01:23.5Z"));
    }
}
