package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ipyparallel article's session, in curl, against a cluster that {@code ./bramble cluster start -n 4}
 * started: the same calls a user types in a shell.
 */
@Timeout(300)
class ArticleSessionCurlTest {

    @TempDir
    static Path home;
    static String url;
    static String key;

    record Run(int code, String out, String err) {
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("BRAMBLE_HOME", home.toString());
        Path out = home.resolve("out-" + System.nanoTime());
        Path err = home.resolve("err-" + System.nanoTime());
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(200, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static List<String> bramble(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Cluster.root().resolve("bramble").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Run r = run(bramble("cluster", "start", "-n", "4", "--daemon", "--port", "0", "--profile", "article"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("a controller and 4 engines").contains("Swagger UI:");
        JsonNode file = Cluster.JSON.readTree(home.resolve("profile_article/security/controller-client.json").toFile());
        url = file.get("url").asText();
        key = file.get("key").asText();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Run r = run(bramble("cluster", "stop", "--profile", "article"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Run again = run(bramble("cluster", "stop", "--profile", "article"));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("bramble: no cluster of profile 'article' is running");
    }

    @Test
    void aClusterWhosePortIsTakenReportsTheControllersErrorAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run(bramble("cluster", "start", "-n", "1", "--daemon", "--port", String.valueOf(taken.getLocalPort()), "--profile", "taken"));
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("bramble: the controller stopped:").contains("profile_taken/log/controller.log");
        }
        assertThat(home.resolve("profile_taken/cluster.pids")).doesNotExist();
        assertThat(ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                .filter(c -> c.contains("profile_taken") || c.contains("--bramble.profile=taken")).isPresent())).isEmpty();
    }

    static JsonNode curl(String path, String body) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-H", "Authorization: Bearer " + key));
        if (body != null) {
            cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        }
        cmd.add(url + path);
        Run r = run(cmd);
        assertThat(r.code()).as(r.err()).isZero();
        return Cluster.JSON.readTree(r.out());
    }

    static String results(String view, String body) throws Exception {
        JsonNode job = curl("/api/v1/" + view + "?wait=30", body);
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        return job.get("results").toString();
    }

    @Test
    void theArticleSessionWorksFromCurl() throws Exception {
        assertThat(curl("/api/v1/engines", null).findValuesAsText("id")).containsExactly("0", "1", "2", "3");
        assertThat(results("apply", "{\"targets\": \"all\", \"function\": \"echo\", \"args\": [\"Hello World\"]}"))
                .isEqualTo("[\"Hello World\",\"Hello World\",\"Hello World\",\"Hello World\"]");
        assertThat(results("apply", "{\"targets\": \"0:2\", \"expression\": \"42\"}")).isEqualTo("[42,42]");
        assertThat(results("map", "{\"targets\": \"0:2\", \"expression\": \"x -> x * 2\", \"sequences\": [\"range(10)\"]}"))
                .isEqualTo("[0,2,4,6,8,10,12,14,16,18]");
        results("push", "{\"targets\": \"2:\", \"values\": {\"a\": \"foo\", \"b\": \"bar\"}}");
        assertThat(results("pull", "{\"targets\": \"2:\", \"names\": [\"a\"]}")).isEqualTo("[\"foo\",\"foo\"]");
        results("scatter", "{\"targets\": \"all\", \"name\": \"part\", \"values\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}");
        assertThat(results("pull", "{\"targets\": \"all\", \"names\": [\"part\"]}")).isEqualTo("[[1,2,3],[4,5,6],[7,8],[9,10]]");
        assertThat(results("gather", "{\"targets\": \"all\", \"name\": \"part\"}")).isEqualTo("[1,2,3,4,5,6,7,8,9,10]");
        assertThat(results("map", "{\"expression\": \"x -> x * x\", \"sequences\": [\"range(100)\"], \"chunkSize\": 7}"))
                .startsWith("[0,1,4,9,16,").endsWith(",9801]");
    }

    @Test
    void aBlobSentWithCurlIsItsValueToFunctionsAndExpressions() throws Exception {
        ByteBuffer ints = ByteBuffer.allocate(4 * 1_000).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer doubles = ByteBuffer.allocate(8 * 500).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1_000; i++) {
            ints.putInt(i);
        }
        for (int i = 0; i < 500; i++) {
            doubles.putDouble(i / 2.0);
        }
        String intList = blob(ints.array());
        String doubleArray = blob(doubles.array());
        String list = "{\"$blob\": \"" + intList + "\", \"$type\": \"int-list\"}";
        String array = "{\"$blob\": \"" + doubleArray + "\", \"$type\": \"double[]\"}";
        assertThat(results("apply", "{\"targets\": \"0\", \"function\": \"len\", \"args\": [" + list + "]}")).isEqualTo("[1000]");
        assertThat(results("apply", "{\"targets\": \"0\", \"function\": \"sum\", \"args\": [" + list + "]}")).isEqualTo("[499500]");
        assertThat(results("apply", "{\"targets\": \"1\", \"expression\": \"a -> a[3] + a[499]\", \"args\": [" + array + "]}"))
                .isEqualTo("[251.0]");
        assertThat(results("map", "{\"targets\": \"0:2\", \"function\": \"len\", \"sequences\": [[" + list + ", [1, 2], " + list + "]]}"))
                .isEqualTo("[1000,2,1000]");
    }

    /** Sends the bytes as a blob with curl; their SHA-256. */
    private static String blob(byte[] bytes) throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path file = Files.write(home.resolve(hash), bytes);
        Run r = run(List.of("curl", "-sS", "--fail-with-body", "--max-time", "60", "-X", "PUT", "-H", "Authorization: Bearer " + key,
                "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file, url + "/api/v1/blobs/" + hash));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return hash;
    }

    @Test
    void badFlagsAreOneLineAndExitTwo() throws Exception {
        for (List<String> cmd : List.of(bramble("cluster", "start", "--bogus"), bramble("cluster", "start", "-n", "zero"),
                bramble("worker", "--file", "/nowhere.json"), bramble("controller", "--store", "mongo"))) {
            Run r = run(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("bramble: "));
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
