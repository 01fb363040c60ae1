package dev.bramble.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.ConnectionFile;
import dev.bramble.client.wire.WireClients;
import dev.bramble.worker.engine.Engines;
import dev.bramble.worker.function.Functions;
import dev.bramble.worker.link.ControllerStorage;
import dev.bramble.worker.link.Poller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the function library, the engines and the poller from the properties. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    @Bean
    Functions functions(WorkerProperties p) {
        Path plugins = p.plugins() != null ? p.plugins() : ConnectionFile.home().resolve("plugins");
        return Functions.load(plugins);
    }

    @Bean
    ConnectionFile connectionFile(WorkerProperties p) {
        Path file = p.file() != null ? p.file() : ConnectionFile.securityDir(p.profile()).resolve("controller-engine.json");
        if (p.fileWrittenSince() != null) {
            awaitWrite(file, p.fileWrittenSince(), Duration.ofMinutes(2));
        }
        return ConnectionFile.read(file);
    }

    /** Waits for the file to be written at or after the instant (within the second: file times may be coarse). */
    private static void awaitWrite(Path file, Instant since, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Instant notBefore = since.minusSeconds(1);
        try {
            while (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).toInstant().isBefore(notBefore)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the controller did not write " + file + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + file, e);
        }
    }

    @Bean
    Engines engines(WorkerProperties p, Functions functions, ConnectionFile file) {
        ObjectMapper json = WireClients.mapper();
        return new Engines(p.engineCount(), functions, new ControllerStorage(file), json, p.timeoutGrace(), p.targetBatch(), p.maxPrefetch());
    }

    @Bean
    Poller poller(WorkerProperties p, Engines engines, Functions functions, ConnectionFile file) {
        return new Poller(file, WireClients.mapper(), engines, List.copyOf(functions.names()), p.pollWait());
    }
}
