package dev.bramble.controller.api;

import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.PollResponse;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.UriUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the workers' polls ({@code POST /api/v1/workers/{workerId}/poll}) without Spring MVC. A poll and
 * its report are two of the three exchanges of every remote call, and at steady state half of the
 * controller's CPU samples were in the framework around the handlers (handler lookup, argument and return
 * value processing, the interceptor of method validation, a second dispatch through the container for
 * every answer that waited). Here the body is read and validated as the contract says, the answer is
 * written on a container thread as soon as it is ready, and the key check, the body limit and the request
 * metrics run as for every request (they are filters in front of this one). Side by side, a remote call's
 * median at steady state went from 1.54 to 1.40 ms (docs/performance.md).
 *
 * <p>Anything but a readable, valid poll goes on to Spring MVC unchanged (the body replayed), so a bad poll
 * gets exactly the problem every other endpoint gives.
 */
@Component
final class PollFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PollFilter.class);
    private static final String PREFIX = "/api/v1/workers/";
    private static final String SUFFIX = "/poll";
    private static final String PATTERN = "/api/v1/workers/{workerId}/poll";

    private final WorkerPolls polls;
    private final JsonMapper json;
    private final Validator validator;
    private final long asyncTimeoutMs;

    PollFilter(WorkerPolls polls, JsonMapper json, Validator validator,
            @Value("${spring.mvc.async.request-timeout:330s}") Duration asyncTimeout) {
        this.polls = polls;
        this.json = json;
        this.validator = validator;
        this.asyncTimeoutMs = asyncTimeout.toMillis();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String workerId = workerId(request);
        if (workerId == null || !takesJson(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodyTooLargeException e) {
            write(request, response, ProblemAdvice.tooLargeProblem(e));
            return;
        }
        PollRequest poll = readValid(body);
        if (poll == null) {
            chain.doFilter(new Replayed(request, body), response);
            return;
        }
        // What Spring MVC's handler mapping would have told the request metrics (http.server.requests, uri tag).
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATTERN));
        CompletableFuture<PollResponse> answer;
        try {
            answer = polls.answer(workerId, poll);
        } catch (SchedulerException e) {
            write(request, response, ProblemAdvice.refusal(e));
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
                log.debug("Could not answer the poll of worker {}: {}", workerId, failed.toString());
            } finally {
                async.complete();
            }
        }));
    }

    /** The worker id of a poll, URL-decoded, if this is a poll with an id the contract allows; else null. */
    private static String workerId(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return null;
        }
        String raw = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (raw.indexOf('/') >= 0 || raw.indexOf(';') >= 0) {
            return null;
        }
        String id;
        try {
            id = UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return id.isEmpty() || id.length() > 64 ? null : id;
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

    /** The poll if the body is one and satisfies the contract's constraints; else null. */
    private PollRequest readValid(byte[] body) {
        try {
            PollRequest poll = json.readValue(body, PollRequest.class);
            return poll != null && (PollConstraints.hold(poll) || validator.validate(poll).isEmpty()) ? poll : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, CompletableFuture<PollResponse> answer)
            throws IOException {
        PollResponse r;
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
        byte[] out = json.writeValueAsBytes(r);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ResponseEntity<ProblemDetail> problem) throws IOException {
        ProblemDetail p = problem.getBody();
        if (p.getInstance() == null) {
            p.setInstance(URI.create(request.getRequestURI()));
        }
        byte[] out = json.writeValueAsBytes(p);
        response.setStatus(problem.getStatusCode().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
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
