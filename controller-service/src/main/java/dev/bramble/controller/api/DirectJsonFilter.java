package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.SchedulerException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the calls every remote call is made of without Spring MVC. At steady state half of the
 * controller's CPU samples were in the framework around the handlers (handler lookup, argument and return
 * value processing, the interceptor of method validation, a second dispatch through the container for
 * every answer that waited). A subclass names the requests it takes and answers them; here the body is
 * read and validated as the contract says, and the answer is written on a container thread as soon as it
 * is ready. The key check, the body limit and the request metrics run as for every request: they are
 * filters in front of this one.
 *
 * <p>Anything else (an unreadable or invalid body or parameter, another media type, a request the
 * subclass leaves alone) goes on to Spring MVC unchanged, the body replayed, so it gets exactly the answer
 * every other endpoint gives.
 *
 * @param <R> what the subclass makes of a request it takes (its route), before the body is read
 */
abstract class DirectJsonFilter<R> extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DirectJsonFilter.class);

    private final JsonMapper json;
    final Validator validator;
    private final long asyncTimeoutMs;

    DirectJsonFilter(JsonMapper json, Validator validator, Duration asyncTimeout) {
        this.json = json;
        this.validator = validator;
        this.asyncTimeoutMs = asyncTimeout.toMillis();
    }

    /** The route of a request this filter may take, or null for one it leaves to Spring MVC. */
    abstract R route(HttpServletRequest request);

    /** The path pattern Spring MVC's handler mapping would have given the request metrics. */
    abstract String pattern(R route);

    /**
     * The answer to a request whose body was read, or null to leave it to Spring MVC (which then answers
     * a bad body or parameter with its problem).
     *
     * @throws SchedulerException if the scheduler refused the request
     */
    abstract CompletableFuture<? extends ResponseEntity<?>> answer(R route, HttpServletRequest request, byte[] body);

    @Override
    protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        R route = route(request);
        if (route == null || !takesJson(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (BodyTooLargeException e) {
            write(request, response, ProblemAdvice.tooLargeProblem(e));
            return;
        }
        // What Spring MVC's handler mapping would have told the request metrics (http.server.requests, uri tag).
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(pattern(route)));
        CompletableFuture<? extends ResponseEntity<?>> answer;
        try {
            answer = answer(route, request, body);
        } catch (SchedulerException e) {
            write(request, response, ProblemAdvice.refusal(e));
            return;
        } catch (RuntimeException e) {
            write(request, response, ProblemAdvice.unexpectedProblem(e));
            return;
        }
        if (answer == null) {
            chain.doFilter(new Replayed(request, body), response);
            return;
        }
        if (answer.isDone()) {
            finish(request, response, answer);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(asyncTimeoutMs);
        answer.whenComplete((r, e) -> async.start(() -> {
            try {
                finish(request, response, answer);
            } catch (IOException | RuntimeException failed) {
                log.debug("Could not answer {} {}: {}", request.getMethod(), request.getRequestURI(), failed.toString());
            } finally {
                async.complete();
            }
        }));
    }

    /**
     * The body, read straight into one array of the declared length when there is one (readAllBytes reads in
     * pieces and copies them again, twice the memory for a large body).
     */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared < 0 || declared > Integer.MAX_VALUE - 8) {
            return request.getInputStream().readAllBytes();
        }
        byte[] body = new byte[(int) declared];
        int n = request.getInputStream().readNBytes(body, 0, body.length);
        return n == body.length ? body : Arrays.copyOf(body, n);
    }

    /** The body read as the type if it is one and satisfies the contract's constraints; else null. */
    final <T> T readValid(byte[] body, Class<T> type) {
        T value = read(body, type);
        return value != null && validator.validate(value).isEmpty() ? value : null;
    }

    /** The body read as the type, unchecked, or null if it is not one. */
    final <T> T read(byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static boolean takesJson(HttpServletRequest request) {
        String type = request.getContentType();
        String accept = request.getHeader("Accept");
        return type != null && MediaType.APPLICATION_JSON.includes(parse(type))
                && (accept == null || accept.contains("*/*") || accept.contains("application/json"));
    }

    private static MediaType parse(String type) {
        try {
            return MediaType.parseMediaType(type);
        } catch (IllegalArgumentException e) {
            return MediaType.TEXT_PLAIN;
        }
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, CompletableFuture<? extends ResponseEntity<?>> answer)
            throws IOException {
        ResponseEntity<?> r;
        try {
            r = answer.get(0, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            write(request, response, cause instanceof SchedulerException s ? ProblemAdvice.refusal(s) : ProblemAdvice.unexpectedProblem(cause));
            return;
        } catch (InterruptedException | TimeoutException e) {
            write(request, response, ProblemAdvice.unexpectedProblem(e));
            return;
        }
        response.setStatus(r.getStatusCode().value());
        addHeaders(r, response);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // Written as it is made: the answer to a poll that hands out a task of a 15 MB argument was made whole
        // first (and copied once more), 30 MB for each engine that polled. Answers within the buffer still go
        // with their length; larger ones are chunked.
        response.setBufferSize(ANSWER_BUFFER);
        json.writeValue(response.getOutputStream(), r.getBody());
    }

    /** Answers up to this size are sent with their length, in one write. */
    private static final int ANSWER_BUFFER = 64 * 1024;

    private void write(HttpServletRequest request, HttpServletResponse response, ResponseEntity<ProblemDetail> problem) throws IOException {
        ProblemDetail p = problem.getBody();
        if (p.getInstance() == null) {
            p.setInstance(URI.create(request.getRequestURI()));
        }
        byte[] out = json.writeValueAsBytes(p);
        response.setStatus(problem.getStatusCode().value());
        addHeaders(problem, response);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    private static void addHeaders(ResponseEntity<?> answer, HttpServletResponse response) {
        answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    }

    /** The request with its body, already read here, to be read again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("a replayed body is read blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
