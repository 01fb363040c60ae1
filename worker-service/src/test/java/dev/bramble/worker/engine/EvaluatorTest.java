package dev.bramble.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;

/** The expression language curl users send: what it can do, and that it cannot reach the machine. */
class EvaluatorTest {

    private final Evaluator evaluator = new Evaluator();
    private final Map<String, Object> namespace = new HashMap<>();

    private Object eval(String text, Object... args) {
        return evaluator.evaluate(evaluator.compile(text), List.of(args), namespace);
    }

    @Test
    void lambdasSeeTheirParametersAndTheNamespaceAsPlainNames() {
        assertThat(eval("x -> x * 2", 21)).isEqualTo(42);
        assertThat(eval("(x, y) -> x > y ? x : y", 3, 7)).isEqualTo(7);
        namespace.put("a", "foo");
        assertThat(eval("a + '!'")).isEqualTo("foo!");
        assertThat(eval("x -> a + x", "bar")).isEqualTo("foobar");
        assertThat(eval("{1, 2, 3, 4}.?[#this > 2]")).isEqualTo(List.of(3, 4));
        assertThat(eval("#sqrt(16)")).isEqualTo(4.0);
        assertThat(eval("#range(3)")).isEqualTo(List.of(0, 1, 2));
    }

    @Test
    void aNameNeitherAParameterNorInTheNamespaceIsANameError() {
        evaluator.setEngineId(3);
        assertThatThrownBy(() -> eval("x -> x + y", 1)).isInstanceOf(NameError.class).hasMessage("name 'y' is not defined on engine 3");
        assertThatThrownBy(() -> eval("undefined * 2")).isInstanceOf(NameError.class)
                .hasMessage("name 'undefined' is not defined on engine 3");
        namespace.put("m", Map.of("k", 1));
        assertThatThrownBy(() -> eval("m.missing")).as("a key missing from a map in the namespace is not a name")
                .isNotInstanceOf(NameError.class).isInstanceOf(EvaluationException.class);
    }

    @Test
    void anAssignmentWritesTheNamespace() {
        eval("y = 6 * 7");
        assertThat(namespace).containsEntry("y", 42);
    }

    @Test
    void engineIdIsAVariable() {
        evaluator.setEngineId(3);
        assertThat(eval("#engine * 10")).isEqualTo(30);
    }

    @Test
    void aLambdaCalledWithTheWrongNumberOfArgumentsSaysSo() {
        assertThatThrownBy(() -> eval("x -> x", 1, 2)).hasMessageContaining("takes 1 argument [x] but got 2");
    }

    @Test
    void typesConstructorsBeansAndMethodCallsAreOutOfReach() {
        for (String attack : List.of(
                "T(java.lang.Runtime).getRuntime().exec('touch /tmp/bramble-pwned')",
                "new java.io.File('/tmp/bramble-pwned').createNewFile()",
                "new java.lang.ProcessBuilder({'id'}).start()",
                "'abc'.getClass().forName('java.lang.Runtime')",
                "'abc'.toUpperCase()",
                "@someBean",
                "T(System).exit(1)")) {
            assertThatThrownBy(() -> eval(attack)).as(attack).isInstanceOfAny(EvaluationException.class, ParseException.class,
                    IllegalStateException.class);
        }
        assertThat(new java.io.File("/tmp/bramble-pwned")).doesNotExist();
    }
}
