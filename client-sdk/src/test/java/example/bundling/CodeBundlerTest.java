package example.bundling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bramble.client.Fn0;
import dev.bramble.client.internal.CodeBundler;
import dev.bramble.client.Fn1;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** What goes into a bundle, and what makes a lambda unfit to travel. */
class CodeBundlerTest {

    private final CodeBundler bundler = new CodeBundler(getClass().getClassLoader());

    static final class Helper {
        static int twice(int x) {
            return Used.twice(x);
        }
    }

    static final class Used {
        static int twice(int x) {
            return 2 * x;
        }
    }

    static final class Sources {
        static Fn1<Integer, Integer> viaHelper() {
            return x -> Helper.twice(x);
        }
    }

    @Test
    void aBundleHoldsWhatTheLambdaUsesTransitivelyAndNotTheJdkOrTheSdk() {
        CodeBundler.Packed p = bundler.pack(Sources.viaHelper());
        assertThat(p.bundle().classes()).contains("example/bundling/CodeBundlerTest$Sources",
                "example/bundling/CodeBundlerTest$Helper", "example/bundling/CodeBundlerTest$Used");
        assertThat(p.bundle().classes()).noneMatch(c -> c.startsWith("java/") || c.startsWith("dev/bramble/client/Fn"));
        assertThat(p.bundle().hash()).hasSize(64);
    }

    @Test
    void theSameClassesGiveTheSameBundle() {
        CodeBundler other = new CodeBundler(getClass().getClassLoader());
        assertThat(other.pack(Sources.viaHelper()).bundle().hash()).isEqualTo(bundler.pack(Sources.viaHelper()).bundle().hash());
        assertThat(bundler.pack(Sources.viaHelper()).bundle()).isSameAs(bundler.pack(Sources.viaHelper()).bundle());
    }

    @Test
    void aCapturedLambdaBringsItsOwnClasses() {
        Callable<Integer> inner = (Callable<Integer> & Serializable) () -> Helper.twice(2);
        Fn0<Integer> outer = inner::call;
        assertThat(bundler.pack(outer).bundle().classes()).contains("example/bundling/CodeBundlerTest$Helper");
    }

    static final class Holder implements Serializable {
        final Object lock = new Object();
    }

    @Test
    void aCaptureThatCannotBeSerializedIsNamedWithItsPath() {
        Holder h = new Holder();
        Fn0<Object> f = () -> h;
        assertThatThrownBy(() -> bundler.pack(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("captured value 0.lock (java.lang.Object) is not Serializable");
    }

    @Test
    void onlyLambdasCanTravel() {
        Fn0<String> notALambda = new Fn0<>() {
            @Override
            public String call() {
                return "x";
            }
        };
        assertThatThrownBy(() -> bundler.pack(notALambda)).hasMessageContaining("only lambdas and method references");
    }
}
