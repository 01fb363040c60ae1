package dev.bramble.controller.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedWithParams;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.module.SimpleModule;

/**
 * The models generated from the contract are read through their no-argument constructors and setters, and
 * their enums by their values. The generator also gives each model a constructor of its required properties,
 * which Jackson takes as a creator, and each enum a {@code fromValue} factory marked as one; Jackson calls
 * creators through {@code MethodHandle.invokeWithArguments}, which builds adapters on every call. Reading a
 * worker's report took 0.65 us instead of 0.47, and 3.8 us instead of 1.1 before the JIT compiled it
 * (docs/performance.md, W2). The values are the same either way; an unknown enum value is refused with the
 * values the contract accepts.
 */
@Configuration(proxyBeanMethods = false)
class WireModels {

    static final String PACKAGE = "dev.bramble.controller.api.model";

    @Bean
    JsonMapperBuilderCustomizer generatedModelsWithoutCreators() {
        return builder -> builder.addModule(module());
    }

    static SimpleModule module() {
        return new SimpleModule("generated-models-without-creators") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.insertAnnotationIntrospector(new NopAnnotationIntrospector() {
                    @Override
                    public JsonCreator.Mode findCreatorAnnotation(MapperConfig<?> config, Annotated a) {
                        // Only for reading: when writing, the creators' properties come first, as the contract lists them.
                        return config instanceof DeserializationConfig && a instanceof AnnotatedWithParams creator
                                && creator.getParameterCount() > 0 && creator.getDeclaringClass().getPackageName().equals(PACKAGE)
                                        ? JsonCreator.Mode.DISABLED : null;
                    }
                });
            }
        };
    }
}
