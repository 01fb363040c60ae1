package dev.bramble.controller.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
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
}
