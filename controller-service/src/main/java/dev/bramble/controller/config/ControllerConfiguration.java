package dev.bramble.controller.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bramble.controller.scheduler.Scheduler;
import dev.bramble.controller.scheduler.SchedulerSettings;
import dev.bramble.controller.store.FileStore;
import dev.bramble.controller.store.JdbcTaskStore;
import dev.bramble.controller.store.MemoryTaskStore;
import dev.bramble.controller.store.StoreWriter;
import dev.bramble.controller.store.TaskStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Builds the store the properties ask for, its group-commit writer, and the scheduler on top. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrambleProperties.class)
class ControllerConfiguration {

    @Bean(destroyMethod = "close")
    TaskStore taskStore(BrambleProperties properties, JsonMapper json) {
        String kind = properties.store().kind().strip();
        if (kind.equals("memory")) {
            // As many finished tasks as the scheduler keeps in memory: beyond that the oldest finished jobs are gone.
            return new MemoryTaskStore(properties.scheduler().finishedTasksInMemory(), properties.scheduler().taskMemoryBytes());
        }
        if (kind.equals("file")) {
            Path dir = properties.profileDir().resolve("db");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the store folder " + dir, e);
            }
            return FileStore.open(dir, json);
        }
        if (kind.startsWith("jdbc:postgresql:")) {
            HikariDataSource ds = dataSource(kind, properties.store().username(), properties.store().password());
            return new JdbcTaskStore(JdbcTaskStore.Dialect.POSTGRES, ds, json, ds);
        }
        throw new IllegalArgumentException("bramble.store.kind '" + kind + "' is not one of: file, memory, jdbc:postgresql://...");
    }

    private static HikariDataSource dataSource(String url, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(1);
        c.setPoolName("bramble-store");
        return new HikariDataSource(c);
    }

    @Bean(destroyMethod = "close")
    StoreWriter storeWriter(TaskStore store) {
        return new StoreWriter(store);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    Scheduler scheduler(TaskStore store, StoreWriter writer, BrambleProperties properties, Clock clock, MeterRegistry meters) {
        BrambleProperties.Scheduler s = properties.scheduler();
        Timer latency = Timer.builder("bramble.task.latency")
                .description("From submission to the result, of completed tasks")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Scheduler scheduler = new Scheduler(store, writer, new SchedulerSettings(s.heartbeatInterval(), s.heartbeatTimeout(),
                s.reconnectGrace(), s.maxPollWait(), s.engineLossLimit(), s.finishedTasksInMemory(),
                s.taskMemoryBytes()), clock, latency::record);
        for (dev.bramble.controller.task.TaskState state : dev.bramble.controller.task.TaskState.values()) {
            Gauge.builder("bramble.tasks", scheduler, sch -> sch.stats().tasksByState().get(state.name()))
                    .description("Tasks the controller holds in memory, by state")
                    .tag("state", state.name())
                    .register(meters);
        }
        Gauge.builder("bramble.queue.length", scheduler, sch -> sch.stats().directQueued()).tag("queue", "direct")
                .description("Tasks waiting in engines' own queues").register(meters);
        Gauge.builder("bramble.queue.length", scheduler, sch -> sch.stats().balancedQueued()).tag("queue", "load-balanced")
                .description("Tasks waiting in the load-balanced queue").register(meters);
        Gauge.builder("bramble.engines", scheduler, sch -> sch.stats().engines()).description("Registered engines").register(meters);
        Gauge.builder("bramble.workers", scheduler, sch -> sch.stats().workers()).description("Registered workers").register(meters);
        FunctionCounter.builder("bramble.store.commits", writer, StoreWriter::commits).description("Group commits to the store")
                .register(meters);
        FunctionCounter.builder("bramble.reports.stale", scheduler, sch -> sch.stats().staleReports())
                .description("Reports of attempts that no longer count (a lost engine's, a cancelled task's)").register(meters);
        FunctionCounter.builder("bramble.answers.resent", scheduler, sch -> sch.stats().resentAnswers())
                .description("Answers with work sent to a worker again because it did not acknowledge them").register(meters);
        Gauge.builder("bramble.graph.held.results", scheduler, sch -> sch.stats().heldKeys())
                .description("Graph results the workers hold now").register(meters);
        Gauge.builder("bramble.graph.held.bytes", scheduler, sch -> sch.stats().heldBytes())
                .description("About how many bytes of graph results the workers hold now").register(meters);
        Gauge.builder("bramble.graph.transfers", scheduler, sch -> sch.stats().fetches())
                .description("Graph results the connected workers fetched directly from each other").register(meters);
        Gauge.builder("bramble.graph.transfer.bytes", scheduler, sch -> sch.stats().fetchedBytes())
                .description("Bytes of graph results the connected workers fetched directly from each other").register(meters);
        return scheduler;
    }
}
