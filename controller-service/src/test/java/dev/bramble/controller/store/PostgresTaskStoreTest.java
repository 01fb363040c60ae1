package dev.bramble.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL passes the contract. Runs against the server that {@code ./test} starts (Debian's
 * PostgreSQL); the URL comes from BRAMBLE_TEST_POSTGRES_URL. Tagged so that a plain {@code mvn verify}
 * without a server leaves it out; {@code ./test} always includes it.
 */
@Tag("postgres")
class PostgresTaskStoreTest extends TaskStoreContract {

    static String url() {
        String url = System.getenv("BRAMBLE_TEST_POSTGRES_URL");
        assertThat(url).as("BRAMBLE_TEST_POSTGRES_URL (./test sets it after starting PostgreSQL)").isNotBlank();
        return url;
    }

    private HikariDataSource dataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url());
        ds.setUsername(System.getenv().getOrDefault("BRAMBLE_TEST_POSTGRES_USER", "bramble"));
        ds.setPassword(System.getenv().getOrDefault("BRAMBLE_TEST_POSTGRES_PASSWORD", "bramble"));
        ds.setMaximumPoolSize(2);
        return ds;
    }

    @Override
    TaskStore create() {
        HikariDataSource ds = dataSource();
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bramble_task, bramble_job, bramble_engine, bramble_bundle");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return new JdbcTaskStore(JdbcTaskStore.Dialect.POSTGRES, ds, JsonMapper.builder().build(), ds);
    }

    @Override
    TaskStore reopen(TaskStore old) {
        old.close();
        HikariDataSource ds = dataSource();
        return new JdbcTaskStore(JdbcTaskStore.Dialect.POSTGRES, ds, JsonMapper.builder().build(), ds);
    }
}
