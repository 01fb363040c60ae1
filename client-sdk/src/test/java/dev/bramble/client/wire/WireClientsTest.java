package dev.bramble.client.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.wire.model.GraphTask;
import dev.bramble.client.wire.model.TaskOutcome;
import dev.bramble.client.wire.model.TaskReport;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
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
}
