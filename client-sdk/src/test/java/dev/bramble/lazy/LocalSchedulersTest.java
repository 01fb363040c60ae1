package dev.bramble.lazy;

import static dev.bramble.lazy.Delayed.delayed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchedulersTest {

    static final AtomicInteger CALLS = new AtomicInteger();

    static int inc(int x) {
        return x + 1;
    }

    static int dbl(int x) {
        return 2 * x;
    }

    static int add(int a, int b) {
        return a + b;
    }

    static int sum(List<Integer> xs) {
        int s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    static int counted(int x) {
        CALLS.incrementAndGet();
        return x;
    }

    static int boom(int x) throws IOException {
        throw new IOException("no disk for " + x);
    }

    /** The article's loop: 3 tasks per element and one sum. */
    static Delayed<Integer> articleTotal(int n) {
        List<Delayed<Integer>> output = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            Delayed<Integer> a = delayed(LocalSchedulersTest::inc).call(x);
            Delayed<Integer> b = delayed(LocalSchedulersTest::dbl).call(x);
            Delayed<Integer> c = delayed(LocalSchedulersTest::add).call(a, b);
            output.add(c);
        }
        return delayed(LocalSchedulersTest::sum).call(Delayed.list(output));
    }

    @Test
    void theArticleLoopGivesTheSameTotalOnSyncAndThreads() {
        Delayed<Integer> total = articleTotal(10_000);
        long expected = 3L * (10_000L * 9_999 / 2) + 10_000;
        assertThat(total.graphSize()).isEqualTo(30_001);
        assertThat((long) total.compute(Scheduler.SYNC)).isEqualTo(expected);
        assertThat((long) total.compute(Scheduler.threads(4))).isEqualTo(expected);
        assertThat((long) total.compute()).isEqualTo(expected);
    }

    @Test
    void sameFunctionAndArgumentsGiveTheSameKeyAndRunOnce() {
        Delayed<Integer> a = delayed(LocalSchedulersTest::counted).call(7);
        Delayed<Integer> b = delayed(LocalSchedulersTest::counted).call(7);
        Delayed<Integer> c = delayed(LocalSchedulersTest::counted).call(8);
        assertThat(a.key()).isEqualTo(b.key()).startsWith("counted-");
        assertThat(c.key()).isNotEqualTo(a.key());
        assertThat(delayed(LocalSchedulersTest::counted).impure().call(7).key()).isNotEqualTo(a.key());
        CALLS.set(0);
        int r = delayed(LocalSchedulersTest::add).call(a, b).compute(Scheduler.threads(2));
        assertThat(r).isEqualTo(14);
        assertThat(CALLS.get()).isEqualTo(1);
    }

    @Test
    void severalValuesShareOneGraph() {
        CALLS.set(0);
        Delayed<Integer> shared = delayed(LocalSchedulersTest::counted).call(5);
        Delayed<Integer> x = delayed(LocalSchedulersTest::inc).call(shared);
        Delayed<Integer> y = delayed(LocalSchedulersTest::dbl).call(shared);
        assertThat(Delayed.compute(Scheduler.SYNC, x, y)).containsExactly(6, 10);
        assertThat(CALLS.get()).isEqualTo(1);
    }

    @Test
    void linearChainsAreFusedAndUnneededTasksCulled() {
        Delayed<Integer> a = delayed(LocalSchedulersTest::inc).call(1);
        Delayed<Integer> b = delayed(LocalSchedulersTest::dbl).call(a);
        Delayed<Integer> c = delayed(LocalSchedulersTest::add).call(b, 100);
        Delayed<Integer> unused = delayed(LocalSchedulersTest::dbl).call(c);
        assertThat(Graph.of(List.of(unused)).size()).isEqualTo(4);
        Graph g = Graph.of(List.of(c)).fuse(List.of(c.key()));
        assertThat(g.size()).isEqualTo(1);
        Node only = g.nodes().iterator().next();
        assertThat(only.key()).isEqualTo(c.key());
        assertThat(only.op().name()).isEqualTo("inc+dbl+add");
        assertThat(c.compute(Scheduler.SYNC)).isEqualTo(104);
        assertThat(c.compute(Scheduler.threads(2))).isEqualTo(104);
        // A result someone asked for is not fused away.
        assertThat(Delayed.compute(Scheduler.SYNC, b, c)).containsExactly(4, 104);
        // Nor is one that two calls read.
        Delayed<Integer> x = delayed(LocalSchedulersTest::dbl).call(a);
        Delayed<Integer> y = delayed(LocalSchedulersTest::inc).call(a);
        Graph shared = Graph.of(List.of(x, y));
        assertThat(shared.fuse(List.of(x.key(), y.key()))).isSameAs(shared);
        assertThat(Delayed.compute(Scheduler.threads(2), x, y)).containsExactly(4, 3);
    }

    @Test
    void syncThrowsTheTasksOwnExceptionAndThreadsNameTheKey() {
        Delayed<Integer> bad = delayed(LocalSchedulersTest::boom).call(3);
        Delayed<Integer> after = delayed(LocalSchedulersTest::add).call(bad, delayed(LocalSchedulersTest::inc).call(1));
        assertThatThrownBy(() -> after.compute(Scheduler.SYNC)).isInstanceOf(IOException.class).hasMessage("no disk for 3")
                .satisfies(e -> assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("boom"));
        assertThatThrownBy(() -> after.compute(Scheduler.threads(2))).isInstanceOf(ComputeException.class)
                .hasMessageContaining(bad.key()).hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(((ComputeException) e).key()).isEqualTo(bad.key()));
    }

    static final CyclicBarrier PAIR = new CyclicBarrier(2);
    static final CountDownLatch GATE = new CountDownLatch(1);
    static final CountDownLatch HELD = new CountDownLatch(1);

    static int meet(int x) throws Exception {
        PAIR.await(10, TimeUnit.SECONDS);
        return x;
    }

    static int held(int x) throws InterruptedException {
        HELD.countDown();
        GATE.await(10, TimeUnit.SECONDS);
        return x;
    }

    static ClassLoader loader(int x) {
        return Thread.currentThread().getContextClassLoader();
    }

    @Test
    void threadsRunIndependentTasksAtTheSameTime() {
        // Each task waits for the other at a barrier: they finish only if two threads run them together.
        Delayed<Integer> both = delayed(LocalSchedulersTest::add).call(delayed(LocalSchedulersTest::meet).call(1),
                delayed(LocalSchedulersTest::meet).call(2));
        try (Scheduler two = Scheduler.threads(2)) {
            assertThat(both.compute(two)).isEqualTo(3);
        }
    }

    static final Scheduler ONE = Scheduler.threads(1);

    static int nested(int x) {
        return delayed(LocalSchedulersTest::inc).call(x).compute(ONE);
    }

    @Test
    void aTaskMayComputeAGraphOnItsOwnPool() {
        // The only thread of the pool waits for the inner graph: the pool lends a thread meanwhile.
        Delayed<Integer> outer = delayed(LocalSchedulersTest::add).call(delayed(LocalSchedulersTest::nested).call(1),
                delayed(LocalSchedulersTest::nested).call(10));
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> outer.compute(ONE))).isEqualTo(13);
    }

    @Test
    void threadsKeepTheCallersContextClassLoader() throws Exception {
        ClassLoader mine = new URLClassLoader(new URL[0], getClass().getClassLoader());
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(mine);
        try (Scheduler one = Scheduler.threads(1)) {
            assertThat(delayed(LocalSchedulersTest::loader).call(1).compute(one)).isSameAs(mine);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt() {
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                // Once the task runs, the caller is waiting for it (or about to: the interrupt waits for it).
                if (HELD.await(10, TimeUnit.SECONDS)) {
                    caller.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        interrupter.start();
        try (Scheduler one = Scheduler.threads(1)) {
            Delayed<Integer> slow = delayed(LocalSchedulersTest::held).call(1);
            assertThatThrownBy(() -> slow.compute(one)).isInstanceOf(ComputeException.class).hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            GATE.countDown();
        }
    }

    @Test
    void scopesNestAndTheDefaultCanBeSet() {
        Scheduler before = Scheduler.current();
        Scheduler two = Scheduler.threads(2);
        try (var outer = Scheduler.use(Scheduler.SYNC)) {
            assertThat(Scheduler.current()).isSameAs(Scheduler.SYNC);
            try (var inner = Scheduler.use(two)) {
                assertThat(Scheduler.current()).isSameAs(two);
            }
            assertThat(Scheduler.current()).isSameAs(Scheduler.SYNC);
        }
        assertThat(Scheduler.current()).isSameAs(before);
        Scheduler.setDefault(two);
        try {
            assertThat(Scheduler.current()).isSameAs(two);
        } finally {
            Scheduler.setDefault(before);
        }
    }

    @Test
    void persistKeepsTheValueUnderItsKey() {
        CALLS.set(0);
        Delayed<Integer> kept = delayed(LocalSchedulersTest::counted).call(21).persist(Scheduler.SYNC);
        assertThat(kept.key()).startsWith("counted-");
        assertThat(delayed(LocalSchedulersTest::dbl).call(kept).compute(Scheduler.SYNC)).isEqualTo(42);
        assertThat(delayed(LocalSchedulersTest::inc).call(kept).compute(Scheduler.threads(2))).isEqualTo(22);
        assertThat(CALLS.get()).isEqualTo(1);
    }

    @Test
    void valuesListsAndLambdasMix() {
        Delayed<Integer> ten = Delayed.value(10);
        Delayed<Integer> r = delayed((Integer a, List<Integer> xs) -> a + sum(xs)).call(ten, List.of(ten, 1, Delayed.value(2)));
        assertThat(r.compute(Scheduler.SYNC)).isEqualTo(23);
        assertThat(Delayed.list(List.of(ten, Delayed.value(3))).compute(Scheduler.threads(2))).containsExactly(10, 3);
        assertThatThrownBy(() -> delayed(LocalSchedulersTest::add).call(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add takes 2 arguments, not 1");
        assertThatThrownBy(() -> delayed("inc").call(1).compute(Scheduler.SYNC)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("function of the workers");
    }

    @Test
    void aDeepChainNeedsNoDeepStack() {
        Delayed<Integer> d = Delayed.value(0);
        for (int i = 0; i < 50_000; i++) {
            d = delayed(LocalSchedulersTest::inc).call(d);
        }
        assertThat(d.compute(Scheduler.SYNC)).isEqualTo(50_000);
    }

    @Test
    void visualizeWritesDot(@TempDir Path dir) throws IOException {
        Path dot = articleTotal(2).visualize(dir.resolve("graph.dot"));
        String text = Files.readString(dot);
        assertThat(text).startsWith("digraph bramble {").contains("[label=\"inc\"]").contains("[label=\"sum\"]").contains(" -> ");
        assertThat(text.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(6);
    }

    @Test
    void aProgressBarDoesNotChangeResults() {
        try (ProgressBar bar = ProgressBar.show()) {
            assertThat(articleTotal(100).compute(Scheduler.threads(2))).isEqualTo(3 * 4950 + 100);
        }
    }
}
