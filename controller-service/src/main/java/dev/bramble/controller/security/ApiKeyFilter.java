package dev.bramble.controller.security;

import dev.bramble.controller.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the bearer key: the engine key for the worker protocol, the client key for everything else,
 * either for {@code /api/v1/info}, blobs (clients send arguments, engines results) and reading bundles.
 * Health probes, Swagger UI and the API description are open: they reveal no data, and a browser
 * cannot send a key when it loads a page.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private final byte[] clientKey;
    private final byte[] engineKey;
    private final Problems problems;

    public ApiKeyFilter(ConnectionFiles.Keys keys, Problems problems) {
        this.clientKey = keys.client().getBytes(StandardCharsets.UTF_8);
        this.engineKey = keys.engine().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (open(path)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(response, HttpStatus.UNAUTHORIZED, "Missing key",
                    "Send 'Authorization: Bearer <key>' with the key of controller-client.json (or controller-engine.json for workers).", path);
            return;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        boolean isClient = MessageDigest.isEqual(given, clientKey);
        boolean isEngine = MessageDigest.isEqual(given, engineKey);
        if (!isClient && !isEngine) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "Wrong key",
                    "The key is neither this controller's client key nor its engine key; copy the connection file again.", path);
            return;
        }
        boolean workerPath = path.startsWith("/api/v1/workers");
        boolean engineReads = path.equals("/api/v1/info") || path.startsWith("/api/v1/blobs/")
                || path.startsWith("/api/v1/bundles/") && request.getMethod().equals("GET");
        boolean allowed = engineReads || (workerPath ? isEngine : isClient);
        if (!allowed) {
            problems.write(response, HttpStatus.FORBIDDEN, "Wrong kind of key", workerPath
                    ? "Only the engine key (controller-engine.json) may use the worker protocol."
                    : "The engine key may not submit work or read results; use the client key (controller-client.json).", path);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean open(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.startsWith("/swagger-ui") || path.startsWith("/v3/api-docs") || path.equals("/favicon.ico");
    }
}
