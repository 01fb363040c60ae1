package dev.bramble.controller.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 problems the same way everywhere, including in servlet filters where no exception
 * handler runs.
 */
public final class Problems {

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("https://bramble.dev/problems/" + title.toLowerCase().replaceAll("[^a-z0-9]+", "-")));
        return p;
    }

    static ProblemDetail withField(ProblemDetail p, String field, String value, String message) {
        if (field != null) {
            p.setProperty("errors", List.of(Map.of("field", field, "value", value == null ? "" : value, "message", message)));
        }
        return p;
    }

    /** Writes a problem straight to the response (for filters). */
    public void write(HttpServletResponse response, HttpStatus status, String title, String detail, String instance) throws IOException {
        ProblemDetail p = problem(status, title, detail);
        p.setInstance(URI.create(instance));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(p));
    }
}
