package dev.bramble.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default store: an SQLite file in a folder of its own, in write-ahead-log mode. A commit is in the
 * log file before the submit it carries is acknowledged (it reaches the operating system, not the disk:
 * a killed controller loses nothing, a power cut can lose the last commits); the log is folded back into
 * the database five times a second, off the commits' path, and written from its start again, so the files
 * stay near the size of the data.
 *
 * <p>One controller at a time: the folder's lock file is held while the store is open, and a second
 * controller on the same folder fails at its start. A folder that still holds the H2 file of earlier
 * versions has its rows copied in at the first opening (see {@link #open}).
 */
public final class FileStore {

    private static final Logger log = LoggerFactory.getLogger(FileStore.class);

    /** The database file's name in the folder. */
    static final String DATABASE = "bramble.sqlite";
    /** The H2 file earlier versions kept (its base name, as H2's URL takes it, and the file itself). */
    static final String EARLIER_BASE = "bramble";
    static final String EARLIER_FILE = "bramble.mv.db";
    private static final String LIB_PATH = "org.sqlite.lib.path";
    private static final String NATIVE = "/org/sqlite/native/";
    /** How often the write-ahead log is folded back into the database, if it changed. */
    private static final long CHECKPOINT_INTERVAL_MILLIS = 200;

    private FileStore() {
    }

    /**
     * Opens (creating if needed) the store in the folder. If the folder holds an earlier version's H2 file,
     * its rows are copied into the new store first and the file is renamed {@code bramble.mv.db.imported}; a
     * copy cut short is made again at the next opening, since the H2 file keeps its name until the copy is
     * complete.
     *
     * @throws IllegalStateException if another controller has the folder's store open
     */
    public static JdbcTaskStore open(Path dir, JsonMapper json) {
        return open(dir, json, CHECKPOINT_INTERVAL_MILLIS);
    }

    static JdbcTaskStore open(Path dir, JsonMapper json, long checkpointIntervalMillis) {
        FileLock lock = lock(dir);
        useUnpackedLibrary(dir.resolve("native"));
        HikariDataSource ds;
        try {
            ds = dataSource(dir.resolve(DATABASE));
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
        Checkpointer checkpointer = new Checkpointer(ds, dir.resolve(DATABASE), checkpointIntervalMillis);
        JdbcTaskStore store = new JdbcTaskStore(JdbcTaskStore.Dialect.SQLITE, ds, json, () -> {
            try {
                checkpointer.close();
                ds.close();
            } finally {
                release(lock);
            }
        });
        try {
            importEarlier(dir, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Has the driver load SQLite's library for this machine from a copy in the folder, unpacked there once,
     * instead of unpacking it into the temporary folder at every start: a controller killed with kill -9
     * left that copy behind for good (the driver's clean-up skips a copy whose lock file is still there).
     * Nothing is done if the driver was told where to find or unpack it ({@code org.sqlite.lib.path},
     * {@code org.sqlite.tmpdir}); if the copy cannot be written or loaded, the driver unpacks into the
     * temporary folder as before.
     */
    private static void useUnpackedLibrary(Path folder) {
        if (System.getProperty(LIB_PATH) != null || System.getProperty("org.sqlite.tmpdir") != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        String path = LibraryLoaderUtil.getNativeLibResourcePath(); // "/org/sqlite/native/Linux/x86_64"
        String resource = path + "/" + name;
        String machine = path.startsWith(NATIVE) ? path.substring(NATIVE.length()) : path.replace('/', '_');
        // The driver's version and the machine name what the copy holds, so an existing copy is the right one.
        Path dir = folder.resolve(SQLiteJDBCLoader.getVersion()).resolve(machine);
        Path lib = dir.resolve(name);
        if (!Files.isRegularFile(lib)) {
            try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return;
                }
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, name, ".part");
                try {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                log.info("Could not unpack SQLite's library into {} ({}); the driver unpacks it into the temporary folder", dir, e.toString());
                return;
            }
        }
        System.setProperty(LIB_PATH, dir.toAbsolutePath().toString());
        System.setProperty("org.sqlite.lib.name", name);
    }

    private static HikariDataSource dataSource(Path file) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // WAL: readers do not wait for the writer. NORMAL: a commit is written to the log, not synced to the disk.
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "NORMAL");
        // No checkpoint inside a commit: the Checkpointer folds the log back on a thread of its own.
        c.addDataSourceProperty("wal_autocheckpoint", "0");
        // A transaction takes the write lock at its start; one that waits for another's commit waits up to 30 s.
        c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        c.addDataSourceProperty("busy_timeout", "30000");
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(1);
        c.setPoolName("bramble-store");
        return new HikariDataSource(c);
    }

    /** Takes the folder's lock, or fails if another controller (or this one, twice) holds it. */
    private static FileLock lock(Path dir) {
        Path file = dir.resolve("bramble.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // Held by this process already: the same answer as for another one.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the store folder " + dir, e);
        }
        closeQuietly(channel);
        throw new IllegalStateException("the store in " + dir + " is in use by another controller: stop it first, or start this one"
                + " with another profile");
    }

    private static void release(FileLock lock) {
        closeQuietly(lock.channel());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing the store's lock file failed: {}", e.toString());
            }
        }
    }

    private static void importEarlier(Path dir, JdbcTaskStore store) {
        Path earlier = dir.resolve(EARLIER_FILE);
        if (!Files.exists(earlier)) {
            return;
        }
        String url = "jdbc:h2:file:" + dir.resolve(EARLIER_BASE).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;ACCESS_MODE_DATA=r";
        JdbcTaskStore.Copied copied;
        try (Connection h2 = DriverManager.getConnection(url)) {
            copied = store.copyFrom(h2);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the earlier store " + earlier + " to copy it into " + DATABASE
                    + ": " + e.getMessage(), e);
        }
        Path kept = dir.resolve(EARLIER_FILE + ".imported");
        try {
            Files.move(earlier, kept, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("copied the earlier store, but cannot rename " + earlier, e);
        }
        log.info("Copied {} tasks, {} jobs, {} engines and {} code bundles from the earlier store ({}) into {}; the earlier file is kept"
                + " as {}", copied.tasks(), copied.jobs(), copied.engines(), copied.bundles(), EARLIER_FILE, DATABASE, kept.getFileName());
    }
}
