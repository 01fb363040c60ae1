package dev.bramble.controller.api;

import dev.bramble.controller.api.model.ApplyRequest;
import dev.bramble.controller.api.model.GatherRequest;
import dev.bramble.controller.api.model.Job;
import dev.bramble.controller.api.model.JobRequest;
import dev.bramble.controller.api.model.MapRequest;
import dev.bramble.controller.api.model.PullRequest;
import dev.bramble.controller.api.model.PushRequest;
import dev.bramble.controller.api.model.ScatterRequest;
import dev.bramble.controller.scheduler.JobPlan;
import dev.bramble.controller.scheduler.SchedulerException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the calls on views ({@code POST /api/v1/apply}, {@code map}, {@code push}, {@code pull},
 * {@code scatter}, {@code gather}) and the submit of a job of tasks ({@code POST /api/v1/jobs}, which the
 * client's scatter and gather send) without Spring MVC (see {@link DirectJsonFilter}): the submit is the
 * third exchange of every remote call, and with {@code wait} its answer no longer takes a second dispatch
 * through the container. The body is checked with bean validation and {@code wait} against the contract's
 * bounds; a request that fails either, or that the planner cannot make a job of for a reason other than
 * bad input, goes on to {@link ViewsController} or {@link JobsController}, which answer it as before
 * (planning changes nothing, so it is done again there).
 */
@Component
final class ViewsFilter extends DirectJsonFilter<ViewsFilter.Route<?>> {

    /** The longest {@code wait} the contract allows, in seconds. */
    private static final double MAX_WAIT = 300;

    record Route<T>(String path, Class<T> body, BiFunction<T, List<Integer>, JobPlan> planner) {
    }

    private static final Map<String, Route<?>> ROUTES = Stream.<Route<?>>of(
            new Route<>("/api/v1/apply", ApplyRequest.class, JobPlanner::apply),
            new Route<>("/api/v1/map", MapRequest.class, JobPlanner::map),
            new Route<>("/api/v1/push", PushRequest.class, JobPlanner::push),
            new Route<>("/api/v1/pull", PullRequest.class, JobPlanner::pull),
            new Route<>("/api/v1/scatter", ScatterRequest.class, JobPlanner::scatter),
            new Route<>("/api/v1/gather", GatherRequest.class, JobPlanner::gather),
            new Route<>("/api/v1/jobs", JobRequest.class, (request, engines) -> JobPlanner.job(request)))
            .collect(Collectors.toUnmodifiableMap(Route::path, r -> r));

    private final ViewJobs jobs;

    ViewsFilter(ViewJobs jobs, JsonMapper json, Validator validator,
            @Value("${spring.mvc.async.request-timeout:330s}") Duration asyncTimeout) {
        super(json, validator, asyncTimeout);
        this.jobs = jobs;
    }

    @Override
    Route<?> route(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) ? ROUTES.get(request.getRequestURI().substring(request.getContextPath().length())) : null;
    }

    @Override
    String pattern(Route<?> route) {
        return route.path();
    }

    @Override
    CompletableFuture<ResponseEntity<Job>> answer(Route<?> route, HttpServletRequest request, byte[] body) {
        return submit(route, request, body);
    }

    private <T> CompletableFuture<ResponseEntity<Job>> submit(Route<T> route, HttpServletRequest request, byte[] body) {
        String[] waits = request.getParameterValues("wait");
        Double wait = waits == null ? null : waitWithinBounds(waits);
        if (waits != null && wait == null) {
            return null;
        }
        T value = readValid(body, route.body());
        if (value == null) {
            return null;
        }
        JobPlan plan;
        try {
            plan = jobs.plan(engines -> route.planner().apply(value, engines));
        } catch (SchedulerException e) {
            throw e;
        } catch (RuntimeException e) {
            return null;
        }
        return jobs.submit(plan, wait);
    }

    /** The one {@code wait} given, if it is a number of seconds the contract allows; else null. */
    private static Double waitWithinBounds(String[] waits) {
        if (waits.length != 1) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(waits[0].strip());
            return seconds >= 0 && seconds <= MAX_WAIT ? seconds : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
