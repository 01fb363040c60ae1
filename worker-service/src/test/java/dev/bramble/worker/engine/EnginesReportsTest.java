package dev.bramble.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.wire.model.Assignment;
import dev.bramble.client.wire.model.PollResponse;
import dev.bramble.client.wire.model.TaskKind;
import dev.bramble.client.wire.model.TaskOutcome;
import dev.bramble.client.wire.model.TaskReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the engines tell the controller: the outbox in batches it accepts (a pile of loud reports in several of about a
 * megabyte, none lost), and their room in bytes.
 */
class EnginesReportsTest {

    private static TaskReport report(long id, String stdout) {
        return new TaskReport().taskId(id).attempt(1).engine(0).outcome(TaskOutcome.COMPLETED).result(id).stdout(stdout);
    }

    @Test
    void reportsWithMuchOutputGoInBatchesOfAboutAMegabyteAndSmallOnesTogether() throws Exception {
        try (Engines engines = new Engines(0, null, null, null, null, Duration.ZERO, Duration.ofMillis(10), 1, null, null)) {
            engines.requeue(IntStream.range(0, 2_000).mapToObj(i -> report(i, null)).toList());
            assertThat(engines.drainReports()).as("2,000 small reports in one batch").hasSize(2_000);

            String halfMegabyte = "x".repeat(1 << 19);
            engines.requeue(IntStream.range(0, 20).mapToObj(i -> report(i, halfMegabyte)).toList());
            List<Long> sent = new ArrayList<>();
            int batches = 0;
            while (engines.hasReports()) {
                List<TaskReport> batch = engines.drainReports();
                assertThat(batch).hasSize(2);
                batch.forEach(r -> sent.add(r.getTaskId()));
                batches++;
            }
            assertThat(batches).isEqualTo(10);
            assertThat(sent).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> (long) i).toList());
        }
    }

    @Test
    void theRoomInBytesIsAQuarterOfTheHeapLessTheArgumentsOfTheTasksHeld() throws Exception {
        try (Engines engines = new Engines(1, null, null, null, null, Duration.ZERO, Duration.ofMillis(10), 4, null, null)) {
            long empty = engines.room().bytes();
            assertThat(empty).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
            // The engine has no id yet, so it has not started: the task stays queued.
            Assignment task = new Assignment().taskId(1L).attempt(1).engine(-1).kind(TaskKind.APPLY).function("len")
                    .args(List.of("x".repeat(1_000_000)));
            engines.accept(new PollResponse().known(true).tasks(List.of(task)).cancels(List.of()).releases(null));
            assertThat(empty - engines.room().bytes()).as("two bytes a character").isBetween(2_000_000L, 2_001_000L);
            engines.dropQueued();
            assertThat(engines.room().bytes()).isEqualTo(empty);
        }
    }
}
