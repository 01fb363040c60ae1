package dev.bramble.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bramble.controller.api.model.Assignment;
import dev.bramble.controller.api.model.DataLocation;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A poll answer carries up to hundreds of assignments, and a graph task's assignment sets few of its
 * properties (no function, expression or code of its own; no address for an input held where it runs).
 * Those are left out instead of written as null: only workers read assignments, and for them absent and
 * null are the same. The values inside (arguments) keep their nulls.
 */
@Configuration(proxyBeanMethods = false)
class CompactAssignments {

    @Bean
    JsonMapperBuilderCustomizer assignmentsWithoutUnsetProperties() {
        JsonInclude.Value unsetLeftOut = JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS);
        return builder -> builder.withConfigOverride(Assignment.class, o -> o.setInclude(unsetLeftOut))
                .withConfigOverride(DataLocation.class, o -> o.setInclude(unsetLeftOut));
    }
}
