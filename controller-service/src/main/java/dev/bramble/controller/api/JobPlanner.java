package dev.bramble.controller.api;

import dev.bramble.controller.api.model.ApplyRequest;
import dev.bramble.controller.api.model.GatherRequest;
import dev.bramble.controller.api.model.GraphRequest;
import dev.bramble.controller.api.model.GraphTask;
import dev.bramble.controller.api.model.JobRequest;
import dev.bramble.controller.api.model.MapRequest;
import dev.bramble.controller.api.model.PullRequest;
import dev.bramble.controller.api.model.PushRequest;
import dev.bramble.controller.api.model.ScatterRequest;
import dev.bramble.controller.api.model.TaskSpec;
import dev.bramble.controller.scheduler.GraphPlan;
import dev.bramble.controller.scheduler.JobPlan;
import dev.bramble.controller.scheduler.SchedulerException;
import dev.bramble.controller.scheduler.TaskPlan;
import dev.bramble.controller.task.Code;
import dev.bramble.controller.task.TaskKind;
import dev.bramble.controller.task.TaskOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the view calls (apply, map, push, pull, scatter, gather) and raw job requests into job plans:
 * one task per engine of a direct view, chunks for a load-balanced map, contiguous parts for scatter.
 */
final class JobPlanner {

    private JobPlanner() {
    }

    static JobPlan apply(ApplyRequest r, List<Integer> engines) {
        Call call = Call.of(r.getFunction(), r.getExpression(), Wire.code(r.getCode()), "");
        TaskOptions options = Wire.options(r.getOptions(), "options");
        List<Object> args = r.getArgs() == null ? List.of() : r.getArgs();
        BlobReferences.checkEach(args, "args");
        List<Integer> targets = Targets.resolve(r.getTargets(), engines, "targets");
        List<TaskPlan> tasks = new ArrayList<>();
        if (targets == null) {
            tasks.add(new TaskPlan(TaskKind.APPLY, call.function, call.expression, call.code, args, null, null, options));
        } else {
            for (int engine : targets) {
                tasks.add(new TaskPlan(TaskKind.APPLY, call.function, call.expression, call.code, args, engine, null, options));
            }
        }
        return new JobPlan(options.label(), false, tasks);
    }

    static JobPlan map(MapRequest r, List<Integer> engines) {
        Call call = Call.of(r.getFunction(), r.getExpression(), Wire.code(r.getCode()), "");
        TaskOptions options = Wire.options(r.getOptions(), "options");
        List<List<Object>> sequences = new ArrayList<>();
        for (int i = 0; i < r.getSequences().size(); i++) {
            sequences.add(Sequences.read(r.getSequences().get(i), "sequences[" + i + "]"));
            BlobReferences.checkEach(sequences.get(i), "sequences[" + i + "]");
        }
        int n = sequences.get(0).size();
        for (int i = 1; i < sequences.size(); i++) {
            if (sequences.get(i).size() != n) {
                throw SchedulerException.badRequest("sequences[" + i + "]", sequences.get(i).size(),
                        "all sequences must have the same length (" + n + ")");
            }
        }
        List<Integer> targets = Targets.resolve(r.getTargets(), engines, "targets");
        List<TaskPlan> tasks = new ArrayList<>();
        if (targets == null) {
            int chunk = r.getChunkSize() == null ? 1 : r.getChunkSize();
            for (int lo = 0; lo < n; lo += chunk) {
                tasks.add(mapTask(call, sequences, lo, Math.min(n, lo + chunk), null, options));
            }
        } else {
            int[] bounds = partition(n, targets.size());
            for (int i = 0; i < targets.size(); i++) {
                if (bounds[i + 1] > bounds[i]) {
                    tasks.add(mapTask(call, sequences, bounds[i], bounds[i + 1], targets.get(i), options));
                }
            }
        }
        if (tasks.isEmpty()) {
            throw SchedulerException.badRequest("sequences", 0, "the sequences are empty: nothing to map");
        }
        return new JobPlan(options.label(), true, tasks);
    }

    /**
     * A map task's arguments: for each sequence, its items from lo to hi. The controller keeps them for as long
     * as it keeps the task, so one item or one sequence (every task of a load-balanced map with chunk size 1)
     * is a list of its own size rather than an array list; items may be null (JSON's null).
     */
    private static TaskPlan mapTask(Call call, List<List<Object>> sequences, int lo, int hi, Integer engine, TaskOptions options) {
        List<Object> args;
        if (sequences.size() == 1) {
            args = Collections.singletonList(slice(sequences.get(0), lo, hi));
        } else {
            args = new ArrayList<>(sequences.size());
            for (List<Object> s : sequences) {
                args.add(slice(s, lo, hi));
            }
        }
        return new TaskPlan(TaskKind.MAP, call.function, call.expression, call.code, args, engine, null, options);
    }

    private static List<Object> slice(List<Object> sequence, int lo, int hi) {
        return hi - lo == 1 ? Collections.singletonList(sequence.get(lo)) : new ArrayList<>(sequence.subList(lo, hi));
    }

    /** Contiguous parts as ipyparallel splits them: the first {@code n % k} parts one longer. */
    static int[] partition(int n, int k) {
        int[] bounds = new int[k + 1];
        int base = n / k;
        int extra = n % k;
        for (int i = 0; i < k; i++) {
            bounds[i + 1] = bounds[i] + base + (i < extra ? 1 : 0);
        }
        return bounds;
    }

    static JobPlan push(PushRequest r, List<Integer> engines) {
        TaskOptions options = Wire.options(r.getOptions(), "options");
        checkNames(r.getValues().keySet(), "values");
        BlobReferences.check(r.getValues(), "values");
        List<Integer> targets = direct(r.getTargets(), engines);
        Map<String, Object> values = new LinkedHashMap<>(r.getValues());
        List<TaskPlan> tasks = targets.stream()
                .map(e -> new TaskPlan(TaskKind.PUSH, null, null, null, List.of(values), e, null, options)).toList();
        return new JobPlan(options.label(), false, tasks);
    }

    static JobPlan pull(PullRequest r, List<Integer> engines) {
        TaskOptions options = Wire.options(r.getOptions(), "options");
        checkNames(r.getNames(), "names");
        List<Integer> targets = direct(r.getTargets(), engines);
        List<Object> names = new ArrayList<>(r.getNames());
        List<TaskPlan> tasks = targets.stream().map(e -> new TaskPlan(TaskKind.PULL, null, null, null, names, e, null, options)).toList();
        return new JobPlan(options.label(), false, tasks);
    }

    static JobPlan scatter(ScatterRequest r, List<Integer> engines) {
        TaskOptions options = Wire.options(r.getOptions(), "options");
        checkNames(List.of(r.getName()), "name");
        BlobReferences.checkEach(r.getValues(), "values");
        List<Integer> targets = direct(r.getTargets(), engines);
        int[] bounds = partition(r.getValues().size(), targets.size());
        List<TaskPlan> tasks = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Map<String, Object> part = Map.of(r.getName(), new ArrayList<>(r.getValues().subList(bounds[i], bounds[i + 1])));
            tasks.add(new TaskPlan(TaskKind.PUSH, null, null, null, List.of(part), targets.get(i), null, options));
        }
        return new JobPlan(options.label(), false, tasks);
    }

    static JobPlan gather(GatherRequest r, List<Integer> engines) {
        TaskOptions options = Wire.options(r.getOptions(), "options");
        checkNames(List.of(r.getName()), "name");
        List<Integer> targets = direct(r.getTargets(), engines);
        List<TaskPlan> tasks = targets.stream()
                .map(e -> new TaskPlan(TaskKind.PULL, null, null, null, List.of(r.getName()), e, null, options)).toList();
        return new JobPlan(options.label(), true, tasks);
    }

    static JobPlan job(JobRequest r) {
        List<TaskPlan> tasks = new ArrayList<>(r.getTasks().size());
        for (int i = 0; i < r.getTasks().size(); i++) {
            TaskSpec s = r.getTasks().get(i);
            String field = "tasks[" + i + "]";
            TaskKind kind = s.getKind() == null ? TaskKind.APPLY : TaskKind.valueOf(s.getKind().name());
            List<Object> args = s.getArgs() == null ? List.of() : s.getArgs();
            BlobReferences.checkEach(args, field + ".args");
            TaskOptions options = Wire.options(s.getOptions(), field + ".options");
            String function = null;
            String expression = null;
            Code code = null;
            switch (kind) {
                case APPLY, MAP -> {
                    Call call = Call.of(s.getFunction(), s.getExpression(), Wire.code(s.getCode()), field + ".");
                    function = call.function;
                    expression = call.expression;
                    code = call.code;
                    if (kind == TaskKind.MAP && args.stream().anyMatch(a -> !(a instanceof List))) {
                        throw SchedulerException.badRequest(field + ".args", args, "the arguments of a MAP task are its sequences (arrays)");
                    }
                }
                case PUSH -> {
                    if (args.size() != 1 || !(args.get(0) instanceof Map<?, ?> m)) {
                        throw SchedulerException.badRequest(field + ".args", args, "a PUSH task takes one argument, an object of names to values");
                    }
                    checkNames(m.keySet(), field + ".args[0]");
                }
                case PULL -> {
                    if (args.isEmpty() || args.stream().anyMatch(a -> !(a instanceof String))) {
                        throw SchedulerException.badRequest(field + ".args", args, "a PULL task takes the names to read (strings)");
                    }
                }
            }
            tasks.add(new TaskPlan(kind, function, expression, code, args, s.getEngine(), s.getAfterIndexes(), options));
        }
        return new JobPlan(r.getLabel(), Boolean.TRUE.equals(r.getFlatten()), tasks);
    }

    /** A graph: each task's call checked like any other; keys, references and cycles are the scheduler's to check. */
    static GraphPlan graph(GraphRequest r, List<GraphPlan.Task> earlierParts) {
        List<GraphPlan.Task> tasks = new ArrayList<>(earlierParts.size() + r.getTasks().size());
        tasks.addAll(earlierParts);
        tasks.addAll(graphTasks(r.getTasks(), r.getCodes(), earlierParts.size()));
        return new GraphPlan(r.getLabel(), tasks, r.getOutputs(), Boolean.TRUE.equals(r.getPersist()));
    }

    /** Tasks of a graph (or of one part of it), their codes resolved; {@code first} numbers them in error messages. */
    static List<GraphPlan.Task> graphTasks(List<GraphTask> given, List<dev.bramble.controller.api.model.Code> wireCodes, int first) {
        List<Code> codes = wireCodes == null ? List.of() : wireCodes.stream().map(Wire::code).toList();
        List<GraphPlan.Task> tasks = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            GraphTask g = given.get(i);
            String field = "tasks[" + (first + i) + "]";
            if (g.getKey() == null || g.getKey().isBlank()) {
                throw SchedulerException.badRequest(field + ".key", g.getKey(), "every task of a graph needs a key");
            }
            Code code = Wire.code(g.getCode());
            if (g.getCodeIndex() != null) {
                if (code != null || g.getCodeIndex() >= codes.size()) {
                    throw SchedulerException.badRequest(field + ".codeIndex", g.getCodeIndex(), code != null
                            ? "give 'code' or 'codeIndex', not both" : "the request has " + codes.size() + " codes (indexes from 0)");
                }
                code = codes.get(g.getCodeIndex());
            }
            Call call = Call.of(g.getFunction(), g.getExpression(), code, field + ".");
            TaskOptions options = Wire.options(g.getOptions(), field + ".options");
            if (!options.after().isEmpty()) {
                throw SchedulerException.badRequest(field + ".options.after", options.after(), "a graph task runs after the tasks whose"
                        + " results it reads ({\"$ref\": KEY} arguments); 'after' is for jobs");
            }
            if (g.getArgs() != null) {
                BlobReferences.checkEach(g.getArgs(), field + ".args");
            }
            tasks.add(new GraphPlan.Task(g.getKey(), call.function, call.expression, call.code, g.getArgs(), options));
        }
        return tasks;
    }

    private static List<Integer> direct(String spec, List<Integer> engines) {
        List<Integer> targets = Targets.resolve(spec, engines, "targets");
        if (targets == null) {
            throw SchedulerException.badRequest("targets", spec, "push, pull, scatter and gather need targets, for example \"all\"");
        }
        return targets;
    }

    private static void checkNames(java.util.Collection<?> names, String field) {
        if (names.isEmpty()) {
            throw SchedulerException.badRequest(field, "", "give at least one name");
        }
        for (Object n : names) {
            if (!(n instanceof String s) || !s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw SchedulerException.badRequest(field, n, "a name is a letter or _ followed by letters, digits or _");
            }
        }
    }

    /** What to call: exactly one of a named function, an expression and a Java client's code. */
    private record Call(String function, String expression, Code code) {
        static Call of(String function, String expression, Code code, String prefix) {
            boolean hasFunction = function != null && !function.isBlank();
            boolean hasExpression = expression != null && !expression.isBlank();
            int given = (hasFunction ? 1 : 0) + (hasExpression ? 1 : 0) + (code != null ? 1 : 0);
            if (given != 1) {
                throw SchedulerException.badRequest(prefix + (hasFunction ? "expression" : "function"), null,
                        "give exactly one of 'function' (a named function), 'expression' and 'code'");
            }
            if (hasExpression) {
                Expressions.check(expression, prefix + "expression");
            }
            return new Call(hasFunction ? function.strip() : null, hasExpression ? expression : null, code);
        }
    }
}
