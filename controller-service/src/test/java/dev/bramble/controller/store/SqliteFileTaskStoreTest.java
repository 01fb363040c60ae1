package dev.bramble.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskSnapshot;
import dev.bramble.controller.task.TaskState;
import java.nio.file.Files;
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
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.json.JsonMapper;

/** The default store, an embedded SQLite file, passes the contract, keeps data across reopening and has one controller at a time. */
class SqliteFileTaskStoreTest extends TaskStoreContract {

    @TempDir
    Path dir;

    @Override
    TaskStore create() {
        return FileStore.open(dir, JsonMapper.builder().build());
    }

    @Override
    TaskStore reopen(TaskStore old) {
        old.close();
        return create();
    }

    private Connection sqlite() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FileStore.DATABASE));
    }

    @Test
    void rowsWrittenWithIsoTimesAndEveryNullReadBack() throws Exception {
        // The rows' JSON of earlier versions (copied in from their H2 file): ISO times and every null written out.
        JsonMapper earlier = JsonMapper.builder().build();
        TaskSnapshot task = task(7, 3, 0, TaskState.FAILED, 1, T0);
        JobSnapshot job = job(3, 7, 1, T0, true);
        try (Connection c = sqlite();
                PreparedStatement t = c.prepareStatement("INSERT INTO bramble_task (id, job_id, idx, state, engine, submitted_at, body)"
                        + " VALUES (7, 3, 0, 'FAILED', 1, ?, ?)");
                PreparedStatement j = c.prepareStatement("INSERT INTO bramble_job (id, submitted_at, finished, body) VALUES (3, ?, TRUE, ?)")) {
            String body = earlier.writeValueAsString(task);
            assertThat(body).contains("\"expression\":null", "\"submittedAt\":\"2026-03-01T10:00:00Z\"");
            t.setLong(1, JdbcTaskStore.Dialect.nanos(T0));
            t.setString(2, body);
            t.executeUpdate();
            j.setLong(1, JdbcTaskStore.Dialect.nanos(T0));
            j.setString(2, earlier.writeValueAsString(job));
            j.executeUpdate();
        }
        assertThat(store.task(7)).hasValue(task);
        assertThat(store.job(3)).hasValue(job);
    }

    @Test
    void aWriteThatFailsLeavesNothingOfItsTransactionAndSaysWhy() throws Exception {
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.QUEUED, null, T0)), List.of(job(1, 1, 1, T0, false)), List.of(), List.of()));
        try (Connection c = sqlite(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bramble_job");
        }
        // The task's row and the job's go in one transaction: the job's table is gone, so neither stays.
        StoreBatch next = new StoreBatch(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0), task(2, 2, 0, TaskState.QUEUED, null, T0)),
                List.of(job(2, 2, 1, T0, false)), List.of(), List.of());
        assertThatThrownBy(() -> store.write(next))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("bramble_job");
        assertThat(store.task(1)).get().extracting(TaskSnapshot::state).isEqualTo(TaskState.QUEUED);
        assertThat(store.task(2)).isEmpty();
    }

    @Test
    void rowsLeaveOutWhatIsNotSetAndWriteTimesAsNumbers() throws Exception {
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0)), List.of(), List.of(), List.of()));
        try (Connection c = sqlite(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body, submitted_at FROM bramble_task WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("null").contains("\"submittedAt\":1772359200.000000000");
            assertThat(rs.getLong(2)).isEqualTo(1_772_359_200_000_000_000L);
        }
    }

    @Test
    void queriesByTimeTellNanosecondsApart() {
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.QUEUED, null, T0.plusNanos(500))),
                List.of(job(1, 1, 1, T0.plusNanos(500), false)), List.of(), List.of()));
        assertThat(store.tasks(new TaskQuery(null, null, null, T0.plusNanos(500), null, 0, 10))).hasSize(1);
        assertThat(store.tasks(new TaskQuery(null, null, null, T0.plusNanos(501), null, 0, 10))).isEmpty();
        assertThat(store.tasks(new TaskQuery(null, null, null, null, T0.plusNanos(501), 0, 10))).hasSize(1);
        assertThat(store.tasks(new TaskQuery(null, null, null, null, T0.plusNanos(500), 0, 10))).isEmpty();
    }

    @Test
    void anEarlierStoresIndexOnTheTasksTimeGoesAtOpening() throws Exception {
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.COMPLETED, 0, T0), task(2, 2, 0, TaskState.QUEUED, null, T0.plusSeconds(60))),
                List.of(job(1, 1, 1, T0, true), job(2, 2, 1, T0.plusSeconds(60), false)), List.of(), List.of()));
        store.close();
        try (Connection c = sqlite(); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX bramble_task_submitted ON bramble_task (submitted_at)");
        }
        store = create();
        try (Connection c = sqlite(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'bramble_task_submitted'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(store.tasks(new TaskQuery(null, null, null, T0.plusSeconds(30), null, 0, 100))).extracting(TaskSnapshot::id)
                .containsExactly(2L);
    }

    @Test
    void aSecondControllerOnTheSameFolderIsRefusedUntilTheFirstCloses() {
        assertThatThrownBy(this::create).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another controller");
        store.write(new StoreBatch(List.of(task(1, 1, 0, TaskState.QUEUED, null, T0)), List.of(job(1, 1, 1, T0, false)), List.of(), List.of()));
        assertThat(store.task(1)).isPresent();
        store.close();
        store = create();
        assertThat(store.task(1)).isPresent();
    }

    @Test
    void commitsLeaveTheWriteAheadLogToTheCheckpointer() throws Exception {
        store.close();
        // A checkpointer that does not come round during the test: whatever is folded back, a commit did it.
        store = FileStore.open(dir, JsonMapper.builder().build(), 3_600_000);
        long databaseBefore = Files.size(dir.resolve(FileStore.DATABASE));
        writeTasks(1, 12_000);
        // SQLite's own way folds the log back at the commit that passes 1,000 pages (4 MB) and starts it over.
        assertThat(Files.size(wal())).isGreaterThan(6_000_000);
        assertThat(Files.size(dir.resolve(FileStore.DATABASE))).isEqualTo(databaseBefore);
        assertThat(store.task(12_000)).isPresent();
    }

    @Test
    void theCheckpointerFoldsTheLogBackAndTheLogStartsOver() throws Exception {
        writeTasks(1, 12_000);
        Path database = dir.resolve(FileStore.DATABASE);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.size(database) < 3_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.size(database)).as("the database once the log is folded back").isGreaterThan(3_000_000);
        long logAfterFirst = Files.size(wal());
        Thread.sleep(500);
        // Written from its start again: the same amount written once more leaves the log about as long (not twice).
        writeTasks(12_001, 12_000);
        assertThat(Files.size(wal())).isLessThan(logAfterFirst * 3 / 2);
        store.close();
        store = create();
        assertThat(store.task(24_000)).isPresent();
    }

    private Path wal() {
        return dir.resolve(FileStore.DATABASE + "-wal");
    }

    /** Tasks from the first id on, in commits of 500, as the store writer makes them under load. */
    private void writeTasks(long first, int count) {
        for (long id = first; id < first + count; id += 500) {
            List<TaskSnapshot> tasks = new java.util.ArrayList<>();
            for (long t = id; t < id + 500; t++) {
                tasks.add(task(t, 1, (int) (t - 1), TaskState.QUEUED, null, T0));
            }
            store.write(new StoreBatch(tasks, List.of(), List.of(), List.of()));
        }
    }

    @Test
    void anEarlierVersionsH2StoreIsCopiedInOnceAndKept() throws Exception {
        store.close();
        Path earlier = Files.createDirectory(dir.resolve("earlier"));
        TaskSnapshot queued = task(5, 2, 0, TaskState.QUEUED, null, T0.plusNanos(123_456_789));
        TaskSnapshot done = task(4, 1, 0, TaskState.COMPLETED, 1, T0);
        JsonMapper rows = JdbcTaskStore.forRows(JsonMapper.builder().build());
        // The schema and rows as earlier versions wrote them into H2.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + earlier.resolve(FileStore.EARLIER_BASE).toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bramble_task (id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL, idx INT NOT NULL, state VARCHAR(16) NOT NULL,"
                    + " engine INT, submitted_at TIMESTAMP WITH TIME ZONE NOT NULL, body CHARACTER VARYING(1000000000) NOT NULL)");
            s.execute("CREATE TABLE bramble_job (id BIGINT PRIMARY KEY, submitted_at TIMESTAMP WITH TIME ZONE NOT NULL, finished BOOLEAN NOT NULL,"
                    + " body CHARACTER VARYING(1000000000) NOT NULL)");
            s.execute("CREATE TABLE bramble_engine (id INT PRIMARY KEY, body CHARACTER VARYING(1000000000) NOT NULL)");
            s.execute("CREATE TABLE bramble_bundle (hash VARCHAR(64) PRIMARY KEY, body BINARY VARYING(1000000000) NOT NULL)");
            try (PreparedStatement t = c.prepareStatement("INSERT INTO bramble_task VALUES (?, ?, 0, ?, ?, ?, ?)");
                    PreparedStatement j = c.prepareStatement("INSERT INTO bramble_job VALUES (?, ?, ?, ?)")) {
                for (TaskSnapshot x : List.of(queued, done)) {
                    t.setLong(1, x.id());
                    t.setLong(2, x.jobId());
                    t.setString(3, x.state().name());
                    t.setObject(4, x.engine());
                    t.setTimestamp(5, Timestamp.from(x.submittedAt()));
                    t.setString(6, rows.writeValueAsString(x));
                    t.executeUpdate();
                }
                for (JobSnapshot x : List.of(job(1, 4, 1, T0, true), job(2, 5, 1, queued.submittedAt(), false))) {
                    j.setLong(1, x.id());
                    j.setTimestamp(2, Timestamp.from(x.submittedAt()));
                    j.setBoolean(3, x.finishedAt() != null);
                    j.setString(4, rows.writeValueAsString(x));
                    j.executeUpdate();
                }
            }
            s.execute("INSERT INTO bramble_engine VALUES (1, '" + rows.writeValueAsString(new EngineSnapshot(1, "w1", "pi", 42L, T0)) + "')");
            s.execute("INSERT INTO bramble_bundle VALUES ('" + "ab".repeat(32) + "', X'CAFE')");
        }

        // A copy cut short (the controller killed before the rename) is made again at the next opening, over the rows
        // already copied.
        Files.copy(earlier.resolve(FileStore.EARLIER_FILE), dir.resolve("cut-short.mv.db"));
        FileStore.open(earlier, JsonMapper.builder().build()).close();
        Files.move(dir.resolve("cut-short.mv.db"), earlier.resolve(FileStore.EARLIER_FILE));
        store = FileStore.open(earlier, JsonMapper.builder().build());

        assertThat(store.task(4)).hasValue(done);
        assertThat(store.task(5)).hasValue(queued);
        assertThat(store.unfinishedTasks()).containsExactly(queued);
        assertThat(store.unfinishedJobs()).extracting(JobSnapshot::id).containsExactly(2L);
        assertThat(store.tasks(new TaskQuery(null, null, null, T0.plusNanos(123_456_789), null, 0, 10))).containsExactly(queued);
        assertThat(store.engines()).extracting(EngineSnapshot::workerId).containsExactly("w1");
        assertThat(store.bundle("ab".repeat(32))).hasValueSatisfying(b -> assertThat(b).containsExactly(0xCA, 0xFE));
        assertThat(earlier.resolve(FileStore.EARLIER_FILE)).doesNotExist();
        assertThat(earlier.resolve(FileStore.EARLIER_FILE + ".imported")).exists();

        // Opened again, it copies nothing: a task changed since stays as it is now.
        store.write(new StoreBatch(List.of(task(5, 2, 0, TaskState.COMPLETED, 0, queued.submittedAt())), List.of(), List.of(), List.of()));
        store.close();
        store = FileStore.open(earlier, JsonMapper.builder().build());
        assertThat(store.task(5)).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TaskState.COMPLETED));
    }
}
