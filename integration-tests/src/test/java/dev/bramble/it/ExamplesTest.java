package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bramble.examples.ArticleSession;
import dev.bramble.examples.DelayedArticle;
import dev.bramble.examples.MonteCarloPi;
import dev.bramble.examples.WordCount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The programs in examples/ run against a real four-engine cluster and print what they should. */
@Timeout(180)
class ExamplesTest {

    @TempDir
    static Path home;
    static Cluster cluster;
    static String file;

    @BeforeAll
    static void start() {
        cluster = new Cluster(home).startController("memory", 0);
        cluster.startWorker("worker", 4);
        file = home.resolve("profile_default/security/controller-client.json").toString();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    interface Main {
        void run(String[] args) throws Exception;
    }

    private static String output(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[] {file});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theArticleSession() throws Exception {
        assertThat(output(ArticleSession::main)).contains("ids: [0, 1, 2, 3]")
                .contains("[Hello World, Hello World, Hello World, Hello World]")
                .contains("[42, 42]")
                .contains("[0, 2, 4, 6, 8, 10, 12, 14, 16, 18]")
                .contains("[foo, foo]")
                .contains("[1, 2, 3, 4, 5, 6, 7, 8]")
                .contains("sqrt(99999) = 316.2262");
    }

    @Test
    void theDelayedArticleGivesOneTotalOnAllFourSchedulers() throws Exception {
        String out = output(DelayedArticle::main);
        assertThat(out).contains("graph: 30001 tasks");
        // The picture of the graph is for a reader of the example; a test run leaves no 4 MB file behind.
        java.util.regex.Matcher picture = java.util.regex.Pattern.compile("written to (\\S+\\.dot)").matcher(out);
        assertThat(picture.find()).as(out).isTrue();
        assertThat(java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(picture.group(1)))).isTrue();
        for (String scheduler : new String[] {"sync", "threads(2)", "processes(2)", "distributed"}) {
            assertThat(out).containsPattern(java.util.regex.Pattern.quote(scheduler) + " +total = 149995000 in ");
        }
    }

    @Test
    void monteCarloPi() throws Exception {
        String out = output(MonteCarloPi::main);
        double pi = Double.parseDouble(out.replaceAll("(?s).*pi is about ([0-9.]+).*", "$1"));
        assertThat(pi).isBetween(3.13, 3.15);
    }

    @Test
    void wordCountWithPushScatterAndGather() throws Exception {
        assertThat(output(WordCount::main)).contains("3 ipython").contains("2 parallel").doesNotContain(" the\n");
    }
}
