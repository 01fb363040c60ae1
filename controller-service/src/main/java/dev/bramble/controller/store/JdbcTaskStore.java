package dev.bramble.controller.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store in a SQL database: the embedded H2 file (the default) or PostgreSQL. Each task is one row: the
 * columns that queries filter on, and the whole snapshot as JSON.
 */
public final class JdbcTaskStore implements TaskStore {

    /** The SQL that differs between the databases. */
    public enum Dialect {
        H2("file", "CHARACTER VARYING(1000000000)", "BINARY VARYING(1000000000)",
                "MERGE INTO bramble_bundle (hash, body) KEY(hash) VALUES (?, ?)",
                "MERGE INTO bramble_task (id, job_id, idx, state, engine, submitted_at, body) KEY(id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                "MERGE INTO bramble_job (id, submitted_at, finished, body) KEY(id) VALUES (?, ?, ?, ?)",
                "MERGE INTO bramble_engine (id, body) KEY(id) VALUES (?, ?)"),
        POSTGRES("postgres", "TEXT", "BYTEA",
                "INSERT INTO bramble_bundle (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
                "INSERT INTO bramble_task (id, job_id, idx, state, engine, submitted_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, engine = EXCLUDED.engine, body = EXCLUDED.body",
                "INSERT INTO bramble_job (id, submitted_at, finished, body) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET finished = EXCLUDED.finished, body = EXCLUDED.body",
                "INSERT INTO bramble_engine (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body");

        final String kind;
        final String textType;
        final String binaryType;
        final String putBundle;
        final String upsertTask;
        final String upsertJob;
        final String upsertEngine;

        Dialect(String kind, String textType, String binaryType, String putBundle, String upsertTask, String upsertJob,
                String upsertEngine) {
            this.kind = kind;
            this.textType = textType;
            this.binaryType = binaryType;
            this.putBundle = putBundle;
            this.upsertTask = upsertTask;
            this.upsertJob = upsertJob;
            this.upsertEngine = upsertEngine;
        }
    }

    /*
     * A transaction's rows, at most. H2 writes a transaction's pages to the file while it runs once they pass about
     * a megabyte, and then again at the commit: 20,000 task updates cost 50 us a row in transactions of 5,000 rows
     * and 21 to 23 us in transactions of 100 to 2,500 rows (docs/performance.md, W2). A transaction is cut at
     * whichever limit comes first.
     */
    private static final int ROWS_PER_TRANSACTION = 1_000;
    private static final int CHARS_PER_TRANSACTION = 1 << 20;
    private static final String TASK_COLUMNS = "SELECT body FROM bramble_task ";

    private final Dialect dialect;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final AutoCloseable onClose;
    private final RowMapper<TaskSnapshot> taskRow;
    private final RowMapper<JobSnapshot> jobRow;

    public JdbcTaskStore(Dialect dialect, DataSource dataSource, JsonMapper json, AutoCloseable onClose) {
        this.dialect = dialect;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = forRows(json);
        this.onClose = onClose;
        this.taskRow = (ResultSet rs, int n) -> this.json.readValue(rs.getString(1), TaskSnapshot.class);
        this.jobRow = (ResultSet rs, int n) -> this.json.readValue(rs.getString(1), JobSnapshot.class);
        createSchema();
    }

    /**
     * The JSON of the rows: the properties a snapshot does not set are left out, and times are numbers
     * (seconds, with nanoseconds). A finished task's row is about a quarter shorter, and quicker to write and to read.
     * Values (arguments, results) keep their nulls, and rows written with ISO times and every null read as well.
     */
    static JsonMapper forRows(JsonMapper json) {
        JsonInclude.Value unsetLeftOut = JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS);
        JsonMapper.Builder builder = json.rebuild()
                .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS,
                        DateTimeFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS);
        for (Class<?> type : List.of(TaskSnapshot.class, JobSnapshot.class, EngineSnapshot.class, HistoryEntry.class, TaskOptions.class,
                TaskError.class)) {
            builder.withConfigOverride(type, o -> o.setInclude(unsetLeftOut));
        }
        return builder.build();
    }

    private void createSchema() {
        String text = dialect.textType;
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_task (id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL, idx INT NOT NULL,"
                + " state VARCHAR(16) NOT NULL, engine INT, submitted_at TIMESTAMP WITH TIME ZONE NOT NULL, body " + text + " NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS bramble_task_job ON bramble_task (job_id)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS bramble_task_state ON bramble_task (state)");
        // Queries by time go through the jobs: a task is submitted with its job, at the job's time. An index on the
        // tasks' own time cost a fifth of each row's write (docs/performance.md, W2); stores made before lose it.
        jdbc.execute("DROP INDEX IF EXISTS bramble_task_submitted");
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_job (id BIGINT PRIMARY KEY, submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " finished BOOLEAN NOT NULL, body " + text + " NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS bramble_job_submitted ON bramble_job (submitted_at)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_engine (id INT PRIMARY KEY, body " + text + " NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_bundle (hash VARCHAR(64) PRIMARY KEY, body " + dialect.binaryType + " NOT NULL)");
    }

    @Override
    public String kind() {
        return dialect.kind;
    }

    @Override
    public void write(StoreBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        // A large batch's tasks go in several transactions, serialized one transaction at a time; the jobs come
        // last, so that a crash in between leaves tasks no job refers to, never a job missing tasks.
        List<TaskRow> part = new ArrayList<>();
        int chars = 0;
        for (Iterator<TaskSnapshot> it = batch.tasks().iterator(); it.hasNext(); ) {
            TaskSnapshot t = it.next();
            String body = json.writeValueAsString(t);
            part.add(new TaskRow(t, body));
            chars += body.length();
            if (it.hasNext() && (part.size() == ROWS_PER_TRANSACTION || chars >= CHARS_PER_TRANSACTION)) {
                List<TaskRow> full = part;
                tx.executeWithoutResult(status -> writeTasks(full));
                part = new ArrayList<>();
                chars = 0;
            }
        }
        List<TaskRow> rest = part;
        tx.executeWithoutResult(status -> {
            writeTasks(rest);
            if (!batch.jobs().isEmpty()) {
                jdbc.batchUpdate(dialect.upsertJob, List.copyOf(batch.jobs()), 1000, (ps, j) -> {
                    ps.setLong(1, j.id());
                    ps.setTimestamp(2, Timestamp.from(j.submittedAt()));
                    ps.setBoolean(3, j.finishedAt() != null);
                    ps.setString(4, json.writeValueAsString(j));
                });
            }
            if (!batch.engines().isEmpty()) {
                jdbc.batchUpdate(dialect.upsertEngine, List.copyOf(batch.engines()), 1000, (ps, e) -> {
                    ps.setInt(1, e.id());
                    ps.setString(2, json.writeValueAsString(e));
                });
            }
            if (!batch.removedEngines().isEmpty()) {
                jdbc.batchUpdate("DELETE FROM bramble_engine WHERE id = ?", List.copyOf(batch.removedEngines()), 1000,
                        (ps, id) -> ps.setInt(1, id));
            }
        });
    }

    /** A task and the JSON its row keeps. */
    private record TaskRow(TaskSnapshot task, String body) {
    }

    private void writeTasks(List<TaskRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(dialect.upsertTask, rows, ROWS_PER_TRANSACTION, (ps, row) -> {
            TaskSnapshot t = row.task();
            ps.setLong(1, t.id());
            ps.setLong(2, t.jobId());
            ps.setInt(3, t.index());
            ps.setString(4, t.state().name());
            if (t.engine() == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setInt(5, t.engine());
            }
            ps.setTimestamp(6, Timestamp.from(t.submittedAt()));
            ps.setString(7, row.body());
        });
    }

    @Override
    public Optional<TaskSnapshot> task(long id) {
        return jdbc.query(TASK_COLUMNS + "WHERE id = ?", taskRow, id).stream().findFirst();
    }

    @Override
    public List<TaskSnapshot> tasks(TaskQuery q) {
        StringBuilder sql = new StringBuilder(TASK_COLUMNS).append("WHERE id > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterId());
        if (q.jobId() != null) {
            sql.append(" AND job_id = ?");
            args.add(q.jobId());
        }
        if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state().name());
        }
        if (q.engine() != null) {
            sql.append(" AND engine = ?");
            args.add(q.engine());
        }
        if (q.since() != null || q.until() != null) {
            // The tasks' time, and their jobs' (the same) through the jobs' index: the tasks' own has none.
            String time = (q.since() == null ? "" : " AND submitted_at >= ?") + (q.until() == null ? "" : " AND submitted_at < ?");
            List<Timestamp> bounds = new ArrayList<>();
            if (q.since() != null) {
                bounds.add(Timestamp.from(q.since()));
            }
            if (q.until() != null) {
                bounds.add(Timestamp.from(q.until()));
            }
            sql.append(time).append(" AND job_id IN (SELECT id FROM bramble_job WHERE TRUE").append(time).append(')');
            args.addAll(bounds);
            args.addAll(bounds);
        }
        sql.append(" ORDER BY id LIMIT ").append(q.limit());
        return jdbc.query(sql.toString(), taskRow, args.toArray());
    }

    @Override
    public List<TaskSnapshot> jobTasks(long jobId) {
        return jdbc.query(TASK_COLUMNS + "WHERE job_id = ? ORDER BY idx", taskRow, jobId);
    }

    @Override
    public List<TaskSnapshot> unfinishedTasks() {
        return jdbc.query(TASK_COLUMNS + "WHERE state IN ('WAITING', 'QUEUED', 'RUNNING') ORDER BY id", taskRow);
    }

    @Override
    public Optional<JobSnapshot> job(long id) {
        return jdbc.query("SELECT body FROM bramble_job WHERE id = ?", jobRow, id).stream().findFirst();
    }

    @Override
    public List<JobSnapshot> recentJobs(int limit) {
        return jdbc.query("SELECT body FROM bramble_job ORDER BY id DESC LIMIT " + limit, jobRow);
    }

    @Override
    public List<JobSnapshot> unfinishedJobs() {
        return jdbc.query("SELECT body FROM bramble_job WHERE finished = FALSE ORDER BY id", jobRow);
    }

    @Override
    public List<EngineSnapshot> engines() {
        return jdbc.query("SELECT body FROM bramble_engine ORDER BY id",
                (rs, n) -> json.readValue(rs.getString(1), EngineSnapshot.class));
    }

    @Override
    public long maxTaskId() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM bramble_task", Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public long maxJobId() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM bramble_job", Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public int purgeFinished(Instant before) {
        List<Long> ids = before == null
                ? jdbc.queryForList("SELECT id FROM bramble_job WHERE finished = TRUE", Long.class)
                : jdbc.queryForList("SELECT id FROM bramble_job WHERE finished = TRUE AND submitted_at < ?", Long.class,
                        Timestamp.from(before));
        int purged = 0;
        for (long id : ids) {
            purged += purgeJob(id);
        }
        return purged;
    }

    @Override
    public int purgeJob(long jobId) {
        Integer n = tx.execute(status -> {
            int tasks = jdbc.update("DELETE FROM bramble_task WHERE job_id = ?", jobId);
            jdbc.update("DELETE FROM bramble_job WHERE id = ?", jobId);
            return tasks;
        });
        return n == null ? 0 : n;
    }

    @Override
    public void putBundle(String hash, byte[] bytes) {
        jdbc.update(dialect.putBundle, hash, bytes);
    }

    @Override
    public Optional<byte[]> bundle(String hash) {
        return jdbc.query("SELECT body FROM bramble_bundle WHERE hash = ?", (rs, n) -> rs.getBytes(1), hash).stream().findFirst();
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the " + kind() + " store failed", e);
        }
    }
}
