package dev.bramble.worker.engine;

import java.lang.reflect.Method;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * Evaluates the expressions curl users send: Spring Expression Language in a restricted context (no
 * types, no constructors, no beans, no method calls on objects), where the names of the engine's
 * namespace and of a lambda's parameters are plain names: {@code x -> x * 2}, {@code a + '!'},
 * {@code (x, y) -> x > y ? x : y}, {@code y = 42} (assigns in the namespace), {@code #sqrt(x)}.
 */
final class Evaluator {

    private static final Pattern LAMBDA = Pattern.compile(
            "^\\s*\\(?\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*)?\\s*\\)?\\s*->(.*)$", Pattern.DOTALL);
    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final int CACHE_SIZE = 512;

    /** A parsed expression: its parameter names (none when it is not a lambda) and its body. */
    record Compiled(List<String> params, Expression body) {
    }

    private final Map<String, Compiled> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private final SimpleEvaluationContext context;
    private int engineId;

    Evaluator() {
        SimpleEvaluationContext ctx = SimpleEvaluationContext.forPropertyAccessors(new MapAccessor()).build();
        try {
            for (String name : List.of("sqrt", "abs", "floor", "ceil", "exp", "log", "log10", "sin", "cos", "tan")) {
                ctx.setVariable(name, Math.class.getMethod(name, double.class));
            }
            ctx.setVariable("pow", Math.class.getMethod("pow", double.class, double.class));
            ctx.setVariable("min", Math.class.getMethod("min", double.class, double.class));
            ctx.setVariable("max", Math.class.getMethod("max", double.class, double.class));
            ctx.setVariable("range", Evaluator.class.getDeclaredMethod("range", int.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        this.context = ctx;
    }

    /** What {@code #engine} is in expressions. */
    void setEngineId(int engineId) {
        this.engineId = engineId;
        context.setVariable("engine", engineId);
    }

    /** The list 0 .. n-1, as {@code #range(n)} in an expression. */
    static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(Math.max(0, n));
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    Compiled compile(String text) {
        synchronized (cache) {
            Compiled c = cache.get(text);
            if (c != null) {
                return c;
            }
        }
        Matcher m = LAMBDA.matcher(text);
        Compiled c;
        if (m.matches()) {
            List<String> params = m.group(1) == null ? List.of() : Arrays.stream(m.group(1).split(",")).map(String::strip).toList();
            c = new Compiled(params, PARSER.parseExpression(m.group(2)));
        } else {
            c = new Compiled(List.of(), PARSER.parseExpression(text));
        }
        synchronized (cache) {
            cache.put(text, c);
        }
        return c;
    }

    Object evaluate(Compiled c, List<Object> args, Map<String, Object> namespace) {
        if (!c.params().isEmpty() && c.params().size() != args.size()) {
            throw new IllegalArgumentException("the lambda takes " + c.params().size() + " argument" + (c.params().size() == 1 ? "" : "s")
                    + " " + c.params() + " but got " + args.size());
        }
        try {
            return c.body().getValue(context, new Scope(c.params(), args, namespace));
        } catch (SpelEvaluationException e) {
            throw unknownName(e);
        }
    }

    /**
     * A name that is neither a parameter nor in the namespace is a {@link NameError}, as in Python; SpEL's
     * own message names a class of this package. Anything else is left as it is.
     */
    private RuntimeException unknownName(SpelEvaluationException e) {
        Object[] inserts = e.getInserts();
        if (e.getMessageCode() == SpelMessage.PROPERTY_OR_FIELD_NOT_READABLE && inserts != null && inserts.length == 2
                && Scope.class.getName().equals(inserts[1]) && inserts[0] instanceof String name) {
            NameError n = new NameError(name, engineId);
            n.initCause(e);
            return n;
        }
        return e;
    }

    /** The names an expression sees: a lambda's parameters over the engine's namespace; assignments go to the namespace. */
    private static final class Scope extends AbstractMap<String, Object> {
        private final List<String> params;
        private final List<Object> args;
        private final Map<String, Object> namespace;

        Scope(List<String> params, List<Object> args, Map<String, Object> namespace) {
            this.params = params;
            this.args = args;
            this.namespace = namespace;
        }

        @Override
        public boolean containsKey(Object key) {
            return params.contains(key) || namespace.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            int i = params.indexOf(key);
            return i >= 0 ? args.get(i) : namespace.get(key);
        }

        @Override
        public Object put(String key, Object value) {
            return namespace.put(key, value);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new HashMap<>(namespace);
            for (int i = 0; i < params.size(); i++) {
                all.put(params.get(i), args.get(i));
            }
            return all.entrySet();
        }
    }
}
