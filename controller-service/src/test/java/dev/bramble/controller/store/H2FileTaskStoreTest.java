package dev.bramble.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The default store, an embedded H2 file, passes the contract and keeps data across reopening. */
class H2FileTaskStoreTest extends TaskStoreContract {

    @TempDir
    Path dir;

    @Override
    TaskStore create() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve("bramble").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        return new JdbcTaskStore(JdbcTaskStore.Dialect.H2, ds, JsonMapper.builder().build(), ds);
    }

    @Override
    TaskStore reopen(TaskStore old) {
        old.close();
        return create();
    }

    @Test
    void rowsWrittenWithIsoTimesAndEveryNullReadBack() throws Exception {
        // The rows' JSON of earlier versions: the application's mapper, with ISO times and every null written out.
        JsonMapper earlier = JsonMapper.builder().build();
        TaskSnapshot task = task(7, 3, 0, TaskState.FAILED, 1, T0);
        JobSnapshot job = job(3, 7, 1, T0, true);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("bramble").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
                PreparedStatement t = c.prepareStatement("INSERT INTO bramble_task (id, job_id, idx, state, engine, submitted_at, body)"
                        + " VALUES (7, 3, 0, 'FAILED', 1, ?, ?)");
                PreparedStatement j = c.prepareStatement("INSERT INTO bramble_job (id, submitted_at, finished, body) VALUES (3, ?, TRUE, ?)")) {
            String body = earlier.writeValueAsString(task);
            assertThat(body).contains("\"expression\":null", "\"submittedAt\":\"2026-03-01T10:00:00Z\"");
            t.setTimestamp(1, Timestamp.from(T0));
            t.setString(2, body);
            t.executeUpdate();
            j.setTimestamp(1, Timestamp.from(T0));
            j.setString(2, earlier.writeValueAsString(job));
            j.executeUpdate();
        }
        assertThat(store.task(7)).hasValue(task);
        assertThat(store.job(3)).hasValue(job);
    }

    @Test
    void rowsLeaveOutWhatIsNotSetAndWriteTimesAsNumbers() throws Exception {
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0)), List.of(), List.of(), List.of()));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("bramble").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT body FROM bramble_task WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("null").contains("\"submittedAt\":1772359200.000000000");
        }
    }

    @Test
    void anEarlierStoresIndexOnTheTasksTimeGoesAtOpening() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bramble").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0), task(2, 2, 0, TaskState.QUEUED, null, T0.plusSeconds(60))),
                List.of(job(1, 1, 1, T0, true), job(2, 2, 1, T0.plusSeconds(60), false)), List.of(), List.of()));
        store.close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX bramble_task_submitted ON bramble_task (submitted_at)");
        }
        store = create();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'BRAMBLE_TASK_SUBMITTED'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(store.tasks(new TaskQuery(null, null, null, T0.plusSeconds(30), null, 0, 100))).extracting(TaskSnapshot::id)
                .containsExactly(2L);
    }
}
