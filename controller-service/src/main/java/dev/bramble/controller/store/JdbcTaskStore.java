package dev.bramble.controller.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bramble.controller.task.BlobNames;
import dev.bramble.controller.task.EngineSnapshot;
import dev.bramble.controller.task.HistoryEntry;
import dev.bramble.controller.task.JobSnapshot;
import dev.bramble.controller.task.TaskError;
import dev.bramble.controller.task.TaskOptions;
import dev.bramble.controller.task.TaskSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store in a SQL database: the embedded SQLite file (the default) or PostgreSQL. Each task is one row: the
 * columns that queries filter on, and the whole snapshot as JSON.
 */
public final class JdbcTaskStore implements TaskStore {

    /** The SQL that differs between the databases. */
    public enum Dialect {
        /** Times are whole nanoseconds since 1970 in an INTEGER column: SQLite has no type for them. */
        SQLITE("file", "INTEGER", "INTEGER", "TEXT", "BLOB"),
        POSTGRES("postgres", "BIGINT", "TIMESTAMP WITH TIME ZONE", "TEXT", "BYTEA");

        final String kind;
        final String idType;
        final String timeType;
        final String textType;
        final String binaryType;

        Dialect(String kind, String idType, String timeType, String textType, String binaryType) {
            this.kind = kind;
            this.idType = idType;
            this.timeType = timeType;
            this.textType = textType;
            this.binaryType = binaryType;
        }

        /** A time as this database's column holds it. */
        Object time(Instant t) {
            return this == SQLITE ? nanos(t) : Timestamp.from(t);
        }

        /** Nanoseconds since 1970; times beyond what a long holds (years past 2262) are its bounds. */
        static long nanos(Instant t) {
            try {
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            } catch (ArithmeticException e) {
                return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
    }

    // Both databases take PostgreSQL's upsert.
    private static final String PUT_BUNDLE = "INSERT INTO bramble_bundle (hash, body) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING";
    private static final String UPSERT_TASK = "INSERT INTO bramble_task (id, job_id, idx, state, engine, submitted_at, body)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, engine = EXCLUDED.engine, body = EXCLUDED.body";
    private static final String UPSERT_JOB = "INSERT INTO bramble_job (id, submitted_at, finished, body) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET finished = EXCLUDED.finished, body = EXCLUDED.body";
    private static final String UPSERT_ENGINE = "INSERT INTO bramble_engine (id, body) VALUES (?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body";

    /*
     * A transaction's rows, at most, so that one large map does not hold the write lock (and PostgreSQL's
     * transaction memory) for all its rows at once: whichever limit comes first cuts it.
     */
    private static final int ROWS_PER_TRANSACTION = 1_000;
    private static final int CHARS_PER_TRANSACTION = 1 << 20;
    private static final String TASK_COLUMNS = "SELECT body FROM bramble_task ";

    private final Dialect dialect;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final AutoCloseable onClose;
    private final RowMapper<TaskSnapshot> taskRow;
    private final RowMapper<TaskSnapshot> outcomeRow;
    private final RowMapper<JobSnapshot> jobRow;

    public JdbcTaskStore(Dialect dialect, DataSource dataSource, JsonMapper json, AutoCloseable onClose) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = forRows(json);
        this.onClose = onClose;
        this.taskRow = (ResultSet rs, int n) -> this.json.readValue(rs.getString(1), TaskSnapshot.class);
        // A row's arguments skipped as it is read, not made into values: a 15 MB string argument took 45 MB more for each
        // answer read from the store, and a few answers at once ran a 256 MB controller out of memory.
        JsonMapper withoutArgs = this.json.rebuild().addMixIn(TaskSnapshot.class, WithoutArgs.class).build();
        this.outcomeRow = (ResultSet rs, int n) -> withoutArgs.readValue(rs.getString(1), TaskSnapshot.class);
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
        String id = dialect.idType;
        String time = dialect.timeType;
        String text = dialect.textType;
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_task (id " + id + " PRIMARY KEY, job_id BIGINT NOT NULL, idx INT NOT NULL,"
                + " state VARCHAR(16) NOT NULL, engine INT, submitted_at " + time + " NOT NULL, body " + text + " NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS bramble_task_job ON bramble_task (job_id)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS bramble_task_state ON bramble_task (state)");
        // Queries by time go through the jobs: a task is submitted with its job, at the job's time. An index on the
        // tasks' own time cost a fifth of each row's write (docs/performance.md, W2); stores made before lose it.
        jdbc.execute("DROP INDEX IF EXISTS bramble_task_submitted");
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_job (id " + id + " PRIMARY KEY, submitted_at " + time + " NOT NULL,"
                + " finished BOOLEAN NOT NULL, body " + text + " NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS bramble_job_submitted ON bramble_job (submitted_at)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_engine (id INT PRIMARY KEY, body " + text + " NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS bramble_bundle (hash VARCHAR(64) PRIMARY KEY, body " + dialect.binaryType + " NOT NULL)");
    }

    @Override
    public String kind() {
        return dialect.kind;
    }

    /*
     * Writes go over plain JDBC on one connection of the pool, a transaction at a time, rather than through
     * JdbcTemplate and TransactionTemplate: two commits per direct call, and Spring's JDBC and transaction code around
     * them was about three quarters of a second of the controller's C2 compilation in its first 6,300 calls
     * (docs/performance.md, "Warm-up"). Failures are translated as JdbcTemplate translates them.
     */
    @Override
    public void write(StoreBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                write(c, batch);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            String task = "writing to the " + kind() + " store";
            DataAccessException translated = jdbc.getExceptionTranslator().translate(task, null, e);
            throw translated != null ? translated : new UncategorizedSQLException(task, null, e);
        }
    }

    private void write(Connection c, StoreBatch batch) throws SQLException {
        // A large batch's tasks go in several transactions, one at a time; the jobs come last, so that a crash in
        // between leaves tasks no job refers to, never a job missing tasks.
        List<TaskRow> part = new ArrayList<>();
        int chars = 0;
        for (Iterator<TaskSnapshot> it = batch.tasks().iterator(); it.hasNext(); ) {
            TaskSnapshot t = it.next();
            String body = json.writeValueAsString(t);
            part.add(new TaskRow(t, body));
            chars += body.length();
            if (it.hasNext() && (part.size() == ROWS_PER_TRANSACTION || chars >= CHARS_PER_TRANSACTION)) {
                batch(c, UPSERT_TASK, part, this::bindTask);
                c.commit();
                part.clear();
                chars = 0;
            }
        }
        batch(c, UPSERT_TASK, part, this::bindTask);
        batch(c, UPSERT_JOB, batch.jobs(), (ps, j) -> {
            ps.setLong(1, j.id());
            ps.setObject(2, dialect.time(j.submittedAt()));
            ps.setBoolean(3, j.finishedAt() != null);
            ps.setString(4, json.writeValueAsString(j));
        });
        batch(c, UPSERT_ENGINE, batch.engines(), (ps, e) -> {
            ps.setInt(1, e.id());
            ps.setString(2, json.writeValueAsString(e));
        });
        batch(c, "DELETE FROM bramble_engine WHERE id = ?", batch.removedEngines(), (ps, id) -> ps.setInt(1, id));
        c.commit();
    }

    /** Sets a statement's parameters for one item. */
    private interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /** Runs the statement once for each item, as one batch; nothing for no items. */
    private static <T> void batch(Connection c, String sql, Collection<T> items, Binder<T> binder) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A task and the JSON its row keeps. */
    private record TaskRow(TaskSnapshot task, String body) {
    }

    private void bindTask(PreparedStatement ps, TaskRow row) throws SQLException {
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
        ps.setObject(6, dialect.time(t.submittedAt()));
        ps.setString(7, row.body());
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
            List<Object> bounds = new ArrayList<>();
            if (q.since() != null) {
                bounds.add(dialect.time(q.since()));
            }
            if (q.until() != null) {
                bounds.add(dialect.time(q.until()));
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
    public List<TaskSnapshot> jobOutcomes(long jobId) {
        return jdbc.query(TASK_COLUMNS + "WHERE job_id = ? ORDER BY idx", outcomeRow, jobId);
    }

    @JsonIgnoreProperties("args")
    private interface WithoutArgs {
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
                        dialect.time(before));
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
    public Set<String> namedBlobs() {
        Set<String> named = new HashSet<>();
        // Only the rows that may name a blob, each scanned as it is read rather than made into a snapshot.
        jdbc.query("SELECT body FROM bramble_task WHERE body LIKE ?", (RowCallbackHandler) rs -> BlobNames.inJson(rs.getString(1), named),
                "%\"" + BlobNames.KEY + "\"%");
        return named;
    }

    @Override
    public void putBundle(String hash, byte[] bytes) {
        jdbc.update(PUT_BUNDLE, hash, bytes);
    }

    @Override
    public Optional<byte[]> bundle(String hash) {
        return jdbc.query("SELECT body FROM bramble_bundle WHERE hash = ?", (rs, n) -> rs.getBytes(1), hash).stream().findFirst();
    }

    /** How many rows {@link #copyFrom} copied, per table. */
    record Copied(int tasks, int jobs, int engines, int bundles) {
    }

    /**
     * Copies every row of another database with this store's tables (an earlier version's store) into this
     * one, replacing rows with the same keys; a table the source lacks is passed over.
     */
    Copied copyFrom(Connection source) throws SQLException {
        int tasks = copy(source, "bramble_task", "SELECT id, job_id, idx, state, engine, submitted_at, body FROM bramble_task ORDER BY id",
                UPSERT_TASK, (rs, row) -> {
                    row.add(rs.getLong(1));
                    row.add(rs.getLong(2));
                    row.add(rs.getInt(3));
                    row.add(rs.getString(4));
                    row.add(rs.getObject(5) == null ? null : rs.getInt(5));
                    row.add(dialect.time(rs.getTimestamp(6).toInstant()));
                    row.add(rs.getString(7));
                });
        int jobs = copy(source, "bramble_job", "SELECT id, submitted_at, finished, body FROM bramble_job ORDER BY id", UPSERT_JOB, (rs, row) -> {
            row.add(rs.getLong(1));
            row.add(dialect.time(rs.getTimestamp(2).toInstant()));
            row.add(rs.getBoolean(3));
            row.add(rs.getString(4));
        });
        int engines = copy(source, "bramble_engine", "SELECT id, body FROM bramble_engine ORDER BY id", UPSERT_ENGINE, (rs, row) -> {
            row.add(rs.getInt(1));
            row.add(rs.getString(2));
        });
        int bundles = copy(source, "bramble_bundle", "SELECT hash, body FROM bramble_bundle ORDER BY hash", PUT_BUNDLE, (rs, row) -> {
            row.add(rs.getString(1));
            row.add(rs.getBytes(2));
        });
        return new Copied(tasks, jobs, engines, bundles);
    }

    /** Reads a source row's values, in the order of the upsert's parameters. */
    private interface RowReader {
        void read(ResultSet rs, List<Object> row) throws SQLException;
    }

    private int copy(Connection source, String table, String select, String upsert, RowReader reader) throws SQLException {
        if (!hasTable(source, table)) {
            return 0;
        }
        int copied = 0;
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(select)) {
            List<Object[]> part = new ArrayList<>();
            boolean more = rs.next();
            while (more) {
                List<Object> row = new ArrayList<>();
                reader.read(rs, row);
                part.add(row.toArray());
                more = rs.next();
                if (part.size() == ROWS_PER_TRANSACTION || !more) {
                    List<Object[]> full = part;
                    tx.executeWithoutResult(status -> jdbc.batchUpdate(upsert, full));
                    copied += full.size();
                    part = new ArrayList<>();
                }
            }
        }
        return copied;
    }

    private static boolean hasTable(Connection source, String table) throws SQLException {
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = source.getMetaData().getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
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
