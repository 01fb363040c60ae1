package dev.bramble.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds SQLite's write-ahead log back into the database on a thread of its own. SQLite's own way does it
 * inside the commit that makes the log pass a thousand pages, so that commit, and the submit or result
 * waiting for it, takes a checkpoint's writes and syncs (several milliseconds) every hundred calls or so.
 * The store's connections have that turned off, and this runs a passive checkpoint (one that waits for no
 * one and that writers do not wait for) whenever the log changed since the last one. Once a checkpoint has
 * copied the whole log, the next commit writes the log from its start again, so it stays near the size of
 * what is written between two checkpoints.
 */
final class Checkpointer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final DataSource dataSource;
    private final Path wal;
    private final ScheduledExecutorService thread;
    private FileTime checkpointed;

    Checkpointer(DataSource dataSource, Path database, long intervalMillis) {
        this.dataSource = dataSource;
        this.wal = database.resolveSibling(database.getFileName() + "-wal");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bramble-store-checkpoint");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::checkpointIfChanged, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void checkpointIfChanged() {
        try {
            FileTime changed = Files.getLastModifiedTime(wal);
            if (changed.equals(checkpointed)) {
                return;
            }
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                // (busy, frames in the log, frames copied): a log copied only in part is taken up again next time.
                if (r.next() && r.getInt(1) == 0 && r.getInt(2) == r.getInt(3)) {
                    checkpointed = changed;
                }
            }
        } catch (IOException e) {
            // No log file (yet, or any more): nothing to fold back.
        } catch (SQLException | RuntimeException e) {
            log.warn("Checkpoint of the store's write-ahead log failed; it is tried again", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
