package dev.bramble.controller.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests: real requests to a real server. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    /** An answer; {@code location} and {@code retryAfter} are its Location and Retry-After headers, or null. */
    record Answer(int status, String contentType, String location, String body, String retryAfter) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Answer send(String method, String path, String key, String contentType, String body) {
        return exchange(method, path, key, contentType, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    }

    Answer sendBytes(String method, String path, String key, byte[] body) {
        return exchange(method, path, key, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private Answer exchange(String method, String path, String key, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).method(method, body);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Location").orElse(null),
                    r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String key) {
        return send("GET", path, key, null, null);
    }

    Answer post(String path, String key, String json) {
        return send("POST", path, key, "application/json", json);
    }
}
