package dev.bramble.controller.api;

import dev.bramble.controller.api.model.PollRequest;
import dev.bramble.controller.api.model.PollResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the workers' polls ({@code POST /api/v1/workers/{workerId}/poll}) without Spring MVC (see
 * {@link DirectJsonFilter}). A poll and its report are two of the three exchanges of every remote call;
 * side by side, a remote call's median at steady state went from 1.54 to 1.40 ms (docs/performance.md).
 * A poll is checked against the contract's constraints directly ({@link PollConstraints}), and one that
 * fails them is handed to bean validation, which has the last word.
 */
@Component
final class PollFilter extends DirectJsonFilter<String> {

    private static final String PREFIX = "/api/v1/workers/";
    private static final String SUFFIX = "/poll";

    private final WorkerPolls polls;

    PollFilter(WorkerPolls polls, JsonMapper json, Validator validator,
            @Value("${spring.mvc.async.request-timeout:330s}") Duration asyncTimeout) {
        super(json, validator, asyncTimeout);
        this.polls = polls;
    }

    /** The worker id of a poll, URL-decoded, if this is a poll with an id the contract allows; else null. */
    @Override
    String route(HttpServletRequest request) {
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

    @Override
    String pattern(String workerId) {
        return "/api/v1/workers/{workerId}/poll";
    }

    @Override
    CompletableFuture<ResponseEntity<PollResponse>> answer(String workerId, HttpServletRequest request, byte[] body) {
        PollRequest poll = read(body, PollRequest.class);
        if (poll == null || !(PollConstraints.hold(poll) || validator.validate(poll).isEmpty())) {
            return null;
        }
        return polls.answer(workerId, poll).thenApply(ResponseEntity::ok);
    }
}
