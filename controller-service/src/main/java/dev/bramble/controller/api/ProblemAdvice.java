package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.SchedulerException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place where errors become answers: every 4xx and 5xx is an RFC 9457 problem that names the
 * field and the value at fault where there is one.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    /** What a 503 Busy tells the client to wait before it sends the request again. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(SchedulerException.class)
    ResponseEntity<ProblemDetail> refused(SchedulerException e) {
        return refusal(e);
    }

    /** The answer to a request the scheduler refused (also for {@link PollFilter}, where no handler runs). */
    static ResponseEntity<ProblemDetail> refusal(SchedulerException e) {
        HttpStatus status = switch (e.kind()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE, BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
            case FULL -> HttpStatus.INSUFFICIENT_STORAGE;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
        };
        String title = switch (e.kind()) {
            case BAD_REQUEST -> "Bad request";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UNAVAILABLE -> "Store unavailable";
            case BUSY -> "Busy";
            case FULL -> "Store full";
            case TOO_LARGE -> "Too large";
        };
        return ResponseEntity.status(status).headers(h -> {
            if (e.kind() == SchedulerException.Kind.BUSY) {
                h.set("Retry-After", RETRY_AFTER_SECONDS);
            }
        }).body(Problems.withField(Problems.problem(status, title, e.getMessage()), e.field(), e.value(),
                e.getMessage()));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return tooLargeProblem(e);
    }

    static ResponseEntity<ProblemDetail> tooLargeProblem(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large",
                e.getMessage()));
    }

    /**
     * A parameter or a field of the body out of bounds, found by method validation (see {@link SingleValidation}).
     * A field is named by its path in the body ({@code tasks[0].engine}), a parameter by its name.
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<Map<String, String>> errors = new ArrayList<>();
        boolean inBody = false;
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            List<Path.Node> nodes = new ArrayList<>();
            v.getPropertyPath().forEach(nodes::add);
            String field = fieldOf(nodes);
            inBody |= nodes.size() > 2;
            errors.add(Map.of("field", field, "value", shown(v.getInvalidValue()), "message", v.getMessage()));
        }
        errors.sort(Comparator.comparing(x -> x.get("field")));
        ProblemDetail p = Problems.problem(HttpStatus.BAD_REQUEST, inBody ? "Invalid field" : "Invalid parameter", errors.stream()
                .map(x -> x.get("field") + " " + x.get("message") + " (was " + x.get("value") + ")").reduce((a, b) -> a + "; " + b)
                .orElse("A parameter is invalid."));
        p.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(p);
    }

    /** What a problem shows of a refused value at most, so that a refused list of thousands is not sent back whole. */
    private static final int SHOWN = 200;

    private static String shown(Object value) {
        String s = String.valueOf(value);
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "... (" + s.length() + " characters)";
    }

    /** The path after the method and the parameter when it goes into the body; else the parameter's name. */
    private static String fieldOf(List<Path.Node> nodes) {
        if (nodes.size() <= 2) {
            return nodes.get(nodes.size() - 1).getName();
        }
        StringBuilder b = new StringBuilder();
        for (Path.Node n : nodes.subList(2, nodes.size())) {
            if (n.isInIterable()) {
                b.append('[').append(n.getIndex() != null ? n.getIndex() : n.getKey()).append(']');
            }
            if (n.getName() != null && !n.getName().startsWith("<")) {
                b.append(b.isEmpty() ? "" : ".").append(n.getName());
            }
        }
        return b.toString();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Problems.problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        return unexpectedProblem(e);
    }

    static ResponseEntity<ProblemDetail> unexpectedProblem(Throwable e) {
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError().body(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The controller failed to handle the request (" + e.getClass().getSimpleName() + "); it keeps serving. "
                        + "The controller log has the details."));
    }

    /**
     * A parameter of the path or the query that is not of its type ({@code /jobs/abc}, {@code ?since=yesterday}):
     * named, with what it must be, as for a parameter out of bounds.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String value = String.valueOf(ex.getValue());
        String message = mustBe(ex.getRequiredType());
        ProblemDetail p = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid parameter", name + " " + message + " (was " + value + ")");
        return ResponseEntity.badRequest().headers(headers).body(Problems.withField(p, name, value, message));
    }

    private static String mustBe(Class<?> type) {
        if (type == null) {
            return "is not of its type";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be a date-time with its offset, such as 2026-11-22T17:00:00Z";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        return "is not a " + type.getSimpleName();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Problems.problem(HttpStatus.CONTENT_TOO_LARGE,
                        "Body too large", tooLarge.getMessage()));
            }
        }
        ProblemDetail p = Problems.problem(HttpStatus.BAD_REQUEST, "Unreadable body", "The body is not the JSON this endpoint takes.");
        JacksonException jackson = find(ex, JacksonException.class);
        if (jackson != null) {
            String path = path(jackson);
            p.setDetail((path.isEmpty() ? "" : "At '" + path + "': ") + jackson.getOriginalMessage());
            if (!path.isEmpty()) {
                Problems.withField(p, path, null, jackson.getOriginalMessage());
            }
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            p.setDetail("The request needs a JSON body.");
        }
        return ResponseEntity.badRequest().headers(headers).body(p);
    }

    private static String path(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
