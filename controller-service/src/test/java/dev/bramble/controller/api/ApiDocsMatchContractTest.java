package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * What the running controller serves at /v3/api-docs is the contract: the same operations (path,
 * method, id, parameters, response codes) and the same schemas with the same properties.
 */
class ApiDocsMatchContractTest extends RunningController {

    @Test
    void servedApiDocsMatchOpenapiYaml() throws Exception {
        JsonNode contract;
        try (InputStream in = getClass().getResourceAsStream("/dev/bramble/openapi/openapi.yaml")) {
            Object yaml = new Yaml().load(in);
            contract = Http.JSON.valueToTree(yaml);
        }
        Http.Answer a = http().get("/v3/api-docs", null);
        assertThat(a.status()).isEqualTo(200);
        JsonNode served = a.json();

        assertThat(operations(served)).isEqualTo(operations(contract));
        assertThat(schemas(served)).isEqualTo(schemas(contract));
        assertThat(schemas(served).get("TaskInfo").get("state")).startsWith("enum[CANCELLED, COMPLETED, FAILED");
        assertThat(served.get("components").get("securitySchemes").propertyNames()).containsExactlyInAnyOrder("clientKey", "engineKey");
    }

    private static Map<String, String> operations(JsonNode doc) {
        Map<String, String> ops = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                Set<String> params = new TreeSet<>();
                JsonNode p = op.getValue().get("parameters");
                if (p != null) {
                    for (JsonNode param : p) {
                        params.add(param.has("$ref") ? param.get("$ref").asString().replaceAll(".*/", "ref:") : param.get("name").asString());
                    }
                }
                JsonNode shared = path.getValue().get("parameters");
                if (shared != null) {
                    for (JsonNode param : shared) {
                        params.add(param.has("$ref") ? param.get("$ref").asString().replaceAll(".*/", "ref:") : param.get("name").asString());
                    }
                }
                ops.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue().get("operationId").asString() + " params="
                        + normalise(params) + " responses=" + new TreeSet<>(op.getValue().get("responses").propertyNames()));
            }
        }
        return ops;
    }

    /** Shared parameters are written as $ref in the contract and inline when served: compare their names. */
    private static Set<String> normalise(Set<String> params) {
        Set<String> out = new TreeSet<>();
        for (String p : params) {
            out.add(switch (p) {
                case "ref:Wait" -> "wait";
                case "ref:JobId" -> "jobId";
                case "ref:TaskId" -> "taskId";
                case "ref:WorkerId" -> "workerId";
                default -> p;
            });
        }
        return out;
    }

    /**
     * Every object schema with each property's resolved type: an enum by its values (springdoc inlines
     * the enums the contract names), an object by its name, anything else by type, format and items.
     */
    private static Map<String, Map<String, String>> schemas(JsonNode doc) {
        JsonNode all = doc.get("components").get("schemas");
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> s : all.properties()) {
            if (s.getValue().has("enum")) {
                continue;
            }
            Map<String, String> props = new TreeMap<>();
            JsonNode p = s.getValue().get("properties");
            if (p != null) {
                for (Map.Entry<String, JsonNode> prop : p.properties()) {
                    props.put(prop.getKey(), describe(prop.getValue(), all));
                }
            }
            out.put(s.getKey(), props);
        }
        return out;
    }

    private static String describe(JsonNode schema, JsonNode all) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replaceAll(".*/", "");
            JsonNode target = all.get(name);
            return target != null && target.has("enum") ? "enum" + new TreeSet<>(values(target)) : "object:" + name;
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return describe(schema.get("allOf").get(0), all);
        }
        if (schema.has("enum")) {
            return "enum" + new TreeSet<>(values(schema));
        }
        String type = schema.has("type") ? schema.get("type").asString() : "any";
        String format = schema.has("format") ? "/" + schema.get("format").asString() : "";
        String items = schema.has("items") ? "<" + describe(schema.get("items"), all) + ">" : "";
        String additional = schema.has("additionalProperties") && schema.get("additionalProperties").isObject()
                ? "{" + describe(schema.get("additionalProperties"), all) + "}" : "";
        return type + format + items + additional;
    }

    private static Set<String> values(JsonNode enumSchema) {
        Set<String> v = new TreeSet<>();
        enumSchema.get("enum").forEach(x -> v.add(x.asString()));
        return v;
    }
}
