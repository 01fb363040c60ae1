package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.security.ConnectionFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real controller on a random loopback port, with its own Bramble folder and the memory store: one per
 * test class (the folder is the class's, and workers one class registers would change what another sees).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"bramble.store.kind=memory",
        "bramble.limits.max-request-size=64KB"})
abstract class RunningController {

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry r) {
        r.add("bramble.home", () -> home.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionFiles files;

    /** An HTTP client of this controller, and its client and engine keys. */
    Http http;
    String client;
    String engine;

    @BeforeEach
    void connect() {
        http = http();
        client = files.keys().client();
        engine = files.keys().engine();
    }

    Http http() {
        return new Http("http://127.0.0.1:" + port);
    }

    /** Registers a worker whose engines offer echo and noop; returns the id of its first engine. */
    int registerWorker(String id, int engines) {
        Http.Answer a = http.post("/api/v1/workers", engine, """
                {"workerId": "%s", "host": "test", "engines": %d, "protocolVersion": %d, "functions": ["echo", "noop"]}"""
                .formatted(id, engines, Protocol.VERSION));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("engineIds").get(0).asInt();
    }
}
