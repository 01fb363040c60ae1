package dev.bramble.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.client.wire.model.Code;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentLambdasTest {

    private static CodeRunner.Loaded loaded() {
        return new CodeRunner.Loaded(new Object(), null, null);
    }

    @Test
    void findsALambdaByItsCodeObjectNotByAnEqualOne() {
        RecentLambdas recent = new RecentLambdas();
        Code code = new Code().bundle("b").lambda(new byte[] {1});
        CodeRunner.Loaded lambda = loaded();
        recent.put(code, lambda);
        assertThat(recent.get(code)).isSameAs(lambda);
        assertThat(recent.get(new Code().bundle("b").lambda(new byte[] {1}))).isNull();
    }

    @Test
    void keepsTheLastEightAndForgetsTheOldestFirst() {
        RecentLambdas recent = new RecentLambdas();
        List<Code> codes = new ArrayList<>();
        List<CodeRunner.Loaded> lambdas = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            codes.add(new Code().bundle("b" + i));
            lambdas.add(loaded());
            recent.put(codes.get(i), lambdas.get(i));
        }
        assertThat(recent.get(codes.get(0))).isNull();
        for (int i = 1; i < 9; i++) {
            assertThat(recent.get(codes.get(i))).isSameAs(lambdas.get(i));
        }
    }
}
