package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.SchedulerException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a view's targets the way ipyparallel users write them: "all", a list of engine ids "0,2", or a
 * Python slice over the registered ids "0:2", "2:", ":-1", "::2".
 */
final class Targets {

    private Targets() {
    }

    /** The engine ids the spec selects, or null for a load-balanced call (no spec). */
    static List<Integer> resolve(String spec, List<Integer> ids, String field) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String s = spec.strip();
        List<Integer> selected;
        if (s.equalsIgnoreCase("all")) {
            selected = ids;
        } else if (s.contains(":")) {
            selected = slice(s, ids, field);
        } else {
            Set<Integer> chosen = new LinkedHashSet<>();
            for (String part : s.split(",")) {
                int id = parse(part.strip(), spec, field);
                if (!ids.contains(id)) {
                    throw SchedulerException.badRequest(field, spec, "engine " + id + " is not registered; engines: " + ids);
                }
                chosen.add(id);
            }
            selected = new ArrayList<>(chosen);
        }
        if (selected.isEmpty()) {
            throw SchedulerException.badRequest(field, spec, "'" + spec + "' selects no engine; engines: " + ids);
        }
        return selected;
    }

    private static List<Integer> slice(String s, List<Integer> ids, String field) {
        String[] parts = s.split(":", -1);
        if (parts.length > 3) {
            throw SchedulerException.badRequest(field, s, "a slice has at most three parts (start:stop:step)");
        }
        int n = ids.size();
        int step = parts.length == 3 && !parts[2].isBlank() ? parse(parts[2].strip(), s, field) : 1;
        if (step == 0) {
            throw SchedulerException.badRequest(field, s, "a slice step cannot be 0");
        }
        Integer start = parts[0].isBlank() ? null : parse(parts[0].strip(), s, field);
        Integer stop = parts[1].isBlank() ? null : parse(parts[1].strip(), s, field);
        int lo;
        int hi;
        if (step > 0) {
            lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
            hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
            hi = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = lo; step > 0 ? i < hi : i > hi; i += step) {
            out.add(ids.get(i));
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int parse(String text, String spec, String field) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SchedulerException.badRequest(field, spec, "'" + spec + "' is not a view: use \"all\", ids like \"0,2\" or a slice like \"0:2\"");
        }
    }
}
