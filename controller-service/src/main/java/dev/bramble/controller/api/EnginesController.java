package dev.bramble.controller.api;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.api.model.ControllerInfo;
import dev.bramble.controller.api.model.EngineInfo;
import dev.bramble.controller.api.spec.EnginesApi;
import dev.bramble.controller.api.spec.InfoApi;
import dev.bramble.controller.config.BrambleProperties;
import dev.bramble.controller.scheduler.Scheduler;
import dev.bramble.controller.store.TaskStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The engine registry and the controller's description. */
@RestController
class EnginesController implements EnginesApi, InfoApi {

    private final Scheduler scheduler;
    private final BrambleProperties properties;
    private final TaskStore store;

    EnginesController(Scheduler scheduler, BrambleProperties properties, TaskStore store) {
        this.scheduler = scheduler;
        this.properties = properties;
        this.store = store;
    }

    @Override
    public CompletableFuture<ResponseEntity<List<EngineInfo>>> listEngines() {
        return CompletableFuture.completedFuture(ResponseEntity.ok(scheduler.engines().stream().map(Wire::engine).toList()));
    }

    @Override
    public CompletableFuture<ResponseEntity<ControllerInfo>> getInfo() {
        String version = EnginesController.class.getPackage().getImplementationVersion();
        ControllerInfo info = new ControllerInfo()
                .name("bramble-controller")
                .version(version == null ? "dev" : version)
                .protocolVersion(Protocol.VERSION)
                .profile(properties.profile())
                .store(store.kind())
                .engines(scheduler.engines().size());
        return CompletableFuture.completedFuture(ResponseEntity.ok(info));
    }
}
