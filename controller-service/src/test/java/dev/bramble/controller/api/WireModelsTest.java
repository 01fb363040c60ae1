package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.controller.api.model.DependencyFailure;
import dev.bramble.controller.api.model.EngineState;
import dev.bramble.controller.api.model.GraphRequest;
import dev.bramble.controller.api.model.GraphTask;
import dev.bramble.controller.api.model.JobRequest;
import dev.bramble.controller.api.model.JobState;
import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.TaskKind;
import dev.bramble.controller.api.model.TaskOutcome;
import dev.bramble.controller.api.model.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** The generated models read without their creators give the same values as with them. */
class WireModelsTest {

    private final JsonMapper withCreators = JsonMapper.builder().build();
    private final JsonMapper without = JsonMapper.builder().addModule(WireModels.module()).build();

    @Test
    void requestsReadTheSame() {
        assertSame(PollRequest.class, """
                {"reports": [{"taskId": 1, "attempt": 2, "engine": 0, "outcome": "COMPLETED", "result": [1, null, {"a": 2}],
                   "startedAt": "2026-11-22T17:01:23.5Z", "uploading": ["%s"]},
                  {"taskId": 3, "attempt": 1, "engine": 1, "outcome": "FAILED", "error": {"taskId": 3, "type": "E", "message": "m"}},
                  {"taskId": 4, "engine": 1}],
                 "capacity": [{"engine": 0, "slots": 3}, {"engine": 1}], "capacitySequence": 7, "waitMs": 100,
                 "transfers": {"fetches": 1, "bytes": 2}}""".formatted("ab".repeat(32)));
        assertSame(GraphRequest.class, """
                {"label": "g", "tasks": [{"key": "a", "function": "inc", "args": [1]}, {"key": "b", "codeIndex": 0,
                  "args": [{"$ref": "a"}], "options": {"retries": 1}}, {"function": "no key"}],
                 "outputs": ["b"], "codes": [{"bundle": "%s", "lambda": "AAEC"}]}""".formatted("cd".repeat(32)));
        assertSame(JobRequest.class, """
                {"tasks": [{"kind": "APPLY", "function": "echo", "args": [null], "engine": 1, "afterIndexes": [0]}, {"kind": "MAP"}]}""");
    }

    @Test
    void enumsReadByTheirValuesAndRefuseOthersNamingTheAcceptedOnes() {
        for (Class<? extends Enum<?>> type : List.of(DependencyFailure.class, EngineState.class, JobState.class, TaskKind.class,
                TaskOutcome.class, TaskState.class)) {
            for (Enum<?> value : type.getEnumConstants()) {
                assertThat(without.readValue("\"" + value + "\"", type)).isEqualTo(value);
            }
        }
        assertThatThrownBy(() -> without.readValue("\"NOPE\"", TaskOutcome.class)).isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("not one of the values accepted").hasMessageContaining("COMPLETED");
    }

    @Test
    void everyGeneratedModelReadsFromAnEmptyObject() throws Exception {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter((reader, factory) -> true);
        int models = 0;
        for (BeanDefinition found : scan.findCandidateComponents(WireModels.PACKAGE)) {
            Class<?> type = Class.forName(found.getBeanClassName());
            if (!type.isEnum()) {
                assertThat(without.readValue("{}", type)).as(type.getSimpleName()).isNotNull();
                models++;
            }
        }
        assertThat(models).as("generated models found").isGreaterThan(30);
    }

    @Test
    void aModelIsAnObjectNotAString() {
        assertThatThrownBy(() -> without.readValue("\"a\"", GraphTask.class)).isInstanceOf(MismatchedInputException.class);
    }

    private <T> void assertSame(Class<T> type, String json) {
        T read = without.readValue(json, type);
        assertThat(read).isEqualTo(withCreators.readValue(json, type));
        assertThat(without.writeValueAsString(read)).isEqualTo(withCreators.writeValueAsString(withCreators.readValue(json, type)));
    }
}
