package dev.bramble.worker.function;

import dev.bramble.function.FunctionLibrary;
import dev.bramble.function.RemoteFunction;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The functions every worker has. Names follow the dask and ipyparallel examples (inc, double, add,
 * sum), plus a few to look at the cluster (hostname, pid, engine_id), two to free names of the engine's
 * namespace (del, clear) and one to try failure handling.
 */
public final class StandardLibrary implements FunctionLibrary {

    @Override
    public Map<String, RemoteFunction> functions() {
        Map<String, RemoteFunction> f = new LinkedHashMap<>();
        f.put("noop", (args, e) -> null);
        f.put("echo", (args, e) -> args.size() == 1 ? args.get(0) : args);
        f.put("inc", (args, e) -> Numbers.add(one(args, "inc"), 1));
        f.put("double", (args, e) -> Numbers.multiply(one(args, "double"), 2));
        f.put("neg", (args, e) -> Numbers.multiply(one(args, "neg"), -1));
        f.put("add", (args, e) -> {
            arity(args, 2, "add");
            return Numbers.add(Numbers.number(args.get(0), "add's first argument"), Numbers.number(args.get(1), "add's second argument"));
        });
        f.put("mul", (args, e) -> {
            arity(args, 2, "mul");
            return Numbers.multiply(Numbers.number(args.get(0), "mul's first argument"), Numbers.number(args.get(1), "mul's second argument"));
        });
        f.put("sum", (args, e) -> sum(args.size() == 1 && args.get(0) instanceof Collection<?> c ? c : args));
        f.put("len", (args, e) -> {
            arity(args, 1, "len");
            Object o = args.get(0);
            if (o instanceof Collection<?> c) {
                return c.size();
            }
            if (o instanceof Map<?, ?> m) {
                return m.size();
            }
            if (o instanceof String s) {
                return s.length();
            }
            throw new IllegalArgumentException("len needs a list, an object or a string");
        });
        f.put("sqrt", (args, e) -> Math.sqrt(one(args, "sqrt").doubleValue()));
        f.put("sleep", (args, e) -> {
            if (args.isEmpty() || args.size() > 2) {
                throw new IllegalArgumentException("sleep takes the seconds, and optionally the value to return");
            }
            double seconds = Numbers.number(args.get(0), "sleep's seconds").doubleValue();
            Thread.sleep(Math.round(seconds * 1000));
            return args.size() == 2 ? args.get(1) : seconds;
        });
        f.put("print", (args, e) -> {
            StringBuilder line = new StringBuilder();
            for (Object a : args) {
                line.append(line.isEmpty() ? "" : " ").append(a);
            }
            System.out.println(line);
            return args.size() == 1 ? args.get(0) : args;
        });
        f.put("hostname", (args, e) -> hostname());
        f.put("pid", (args, e) -> ProcessHandle.current().pid());
        f.put("engine_id", (args, e) -> e.engineId());
        f.put("fail", (args, e) -> {
            throw new IllegalStateException(args.isEmpty() ? "failed on purpose" : String.valueOf(args.get(0)));
        });
        f.put("monte_carlo_pi", (args, e) -> {
            arity(args, 2, "monte_carlo_pi");
            long samples = Numbers.number(args.get(0), "samples").longValue();
            SplittableRandom random = new SplittableRandom(Numbers.number(args.get(1), "seed").longValue());
            long inside = 0;
            for (long i = 0; i < samples; i++) {
                double x = random.nextDouble();
                double y = random.nextDouble();
                if (x * x + y * y <= 1) {
                    inside++;
                }
            }
            return inside;
        });
        f.put("del", (args, e) -> {
            // ipyparallel's execute("del a"): the engine lets the values go. Names that are not there are
            // passed over, so a clean-up can run twice; the answer lists the names that were there.
            if (args.isEmpty()) {
                throw new IllegalArgumentException("del takes the names to remove");
            }
            List<String> removed = new ArrayList<>();
            for (Object name : args) {
                if (!(name instanceof String s)) {
                    throw new IllegalArgumentException("del takes names (strings), not " + name);
                }
                if (e.namespace().keySet().remove(s)) {
                    removed.add(s);
                }
            }
            return removed;
        });
        f.put("clear", (args, e) -> {
            // ipyparallel's view.clear(): every name goes; the answer is how many there were.
            arity(args, 0, "clear");
            int names = e.namespace().size();
            e.namespace().clear();
            return names;
        });
        f.put("range", (args, e) -> {
            long n = one(args, "range").longValue();
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.add(Numbers.narrow(i));
            }
            return out;
        });
        return f;
    }

    private static Number one(List<Object> args, String name) {
        arity(args, 1, name);
        return Numbers.number(args.get(0), name + "'s argument");
    }

    private static void arity(List<Object> args, int n, String name) {
        if (args.size() != n) {
            throw new IllegalArgumentException(name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", not " + args.size());
        }
    }

    private static Number sum(Collection<?> values) {
        Number total = 0;
        for (Object v : values) {
            total = Numbers.add(total, Numbers.number(v, "every element of sum"));
        }
        return total;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
