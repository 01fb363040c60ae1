package dev.bramble.controller.api;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the served API description equal to the contract: the header and both bearer keys (so Swagger
 * UI offers "Authorize"), the contract's request examples, and values the contract leaves open ({@code {}}, any JSON), which springdoc
 * would describe as {@code type: object} because they are Java {@code Object}s.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    OpenAPI brambleApi() {
        return new OpenAPI()
                .info(new Info().title("Bramble controller API").version("1").description(
                        "Engines run tasks (function calls), views pick engines, jobs group tasks. Click Authorize and paste the"
                                + " `key` of `controller-client.json` (in `~/.bramble/profile_NAME/security/`) as clientKey. Every"
                                + " error is an RFC 9457 problem+json body."))
                .components(new Components()
                        .addSecuritySchemes("clientKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The key of controller-client.json."))
                        .addSecuritySchemes("engineKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The key of controller-engine.json.")))
                .addSecurityItem(new SecurityRequirement().addList("clientKey"));
    }

    /**
     * Request examples written in the contract (the generated interfaces do not carry them). The contract is
     * read when the description is first asked for, not at start-up, where parsing it cost 0.1 to 0.2 s.
     */
    @Bean
    OpenApiCustomizer contractExamples() {
        return api -> readContract().getPaths().forEach((path, item) -> {
            PathItem served = api.getPaths() == null ? null : api.getPaths().get(path);
            if (served == null) {
                return;
            }
            item.readOperationsMap().forEach((method, op) -> {
                Operation target = served.readOperationsMap().get(method);
                if (target == null || op.getRequestBody() == null || target.getRequestBody() == null) {
                    return;
                }
                op.getRequestBody().getContent().forEach((type, media) -> {
                    MediaType into = target.getRequestBody().getContent().get(type);
                    if (into != null && media.getExamples() != null) {
                        into.setExamples(media.getExamples());
                    }
                });
            });
        });
    }

    private static OpenAPI readContract() {
        try (InputStream in = ApiDocsConfiguration.class.getResourceAsStream("/dev/bramble/openapi/openapi.yaml")) {
            return Yaml.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contract openapi.yaml", e);
        }
    }

    @Bean
    OpenApiCustomizer anyValueStaysAnyValue() {
        return api -> {
            if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
                api.getComponents().getSchemas().values().forEach(ApiDocsConfiguration::openUp);
            }
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void openUp(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            properties.values().forEach(p -> {
                clearIfBare(p);
                openUp(p);
            });
        }
        if (schema.getItems() != null) {
            clearIfBare(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema extra) {
            clearIfBare(extra);
        }
    }

    @SuppressWarnings("rawtypes")
    private static void clearIfBare(Schema s) {
        boolean bare = "object".equals(s.getType()) && s.getProperties() == null && s.get$ref() == null
                && (s.getAdditionalProperties() == null || Boolean.TRUE.equals(s.getAdditionalProperties()));
        if (bare) {
            s.setType(null);
            s.setTypes(null);
        }
    }
}
