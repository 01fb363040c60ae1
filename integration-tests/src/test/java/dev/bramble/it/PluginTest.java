package dev.bramble.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A user's own function: a jar in a worker's plugins folder, found with ServiceLoader, callable by name from curl. */
@Timeout(120)
class PluginTest {

    @TempDir
    Path home;

    @TempDir
    Path build;

    @Test
    void aPluginJarAddsFunctionsToItsWorker() throws Exception {
        Path plugins = Files.createDirectories(build.resolve("plugins"));
        makePlugin(plugins.resolve("word-count.jar"));
        try (Cluster c = new Cluster(home).startController("memory", 0)) {
            c.startWorker("plain", 1);
            String call = "{\"function\": \"word_count\", \"args\": [\"the quick brown fox\"]}";
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(c.url + "/api/v1/apply"))
                    .header("Authorization", "Bearer " + c.clientKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("no worker offers the function 'word_count'");

            c.startWorker("with-plugin", 1, "--bramble.worker.plugins=" + plugins);
            JsonNode job = c.post("/api/v1/apply?wait=20", "{\"targets\": \"1\", \"function\": \"word_count\", \"args\": [\"the quick brown fox\"]}");
            assertThat(job.get("results").toString()).isEqualTo("[4]");
        }
    }

    private void makePlugin(Path jar) throws IOException {
        Path src = build.resolve("src/demo/WordCount.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package demo;

                import dev.bramble.function.FunctionLibrary;
                import dev.bramble.function.RemoteFunction;
                import java.util.Map;

                public final class WordCount implements FunctionLibrary {
                    @Override
                    public Map<String, RemoteFunction> functions() {
                        return Map.of("word_count", (args, engine) -> String.valueOf(args.get(0)).split("\\\\s+").length);
                    }
                }
                """);
        Path classes = Files.createDirectories(build.resolve("classes"));
        Path sdk;
        try (Stream<Path> jars = Files.list(Cluster.root().resolve("client-sdk/target"))) {
            sdk = jars.filter(p -> p.getFileName().toString().matches("bramble-client-sdk-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst().orElseThrow();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int code = javac.run(null, null, null, "-cp", sdk.toString(), "-d", classes.toString(), src.toString());
        assertThat(code).isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("demo/WordCount.class"));
            Files.copy(classes.resolve("demo/WordCount.class"), out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/services/dev.bramble.function.FunctionLibrary"));
            out.write("demo.WordCount\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
