package dev.bramble.client.internal;

import dev.bramble.client.Fn0;
import dev.bramble.client.Fn1;
import dev.bramble.client.Fn2;
import dev.bramble.client.Fn3;
import java.util.List;

/** Calls a client's lambda ({@code Fn0} to {@code Fn3}) with a list of arguments, on an engine or in the client. */
public final class Calls {

    private Calls() {
    }

    /**
     * Calls the lambda with the arguments.
     *
     * @throws IllegalArgumentException if the lambda takes another number of arguments
     * @throws Exception whatever the lambda throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object invoke(Object lambda, List<Object> args) throws Exception {
        int n = args.size();
        if (lambda instanceof Fn0 f && n == 0) {
            return f.call();
        }
        if (lambda instanceof Fn1 f && n == 1) {
            return f.call(args.get(0));
        }
        if (lambda instanceof Fn2 f && n == 2) {
            return f.call(args.get(0), args.get(1));
        }
        if (lambda instanceof Fn3 f && n == 3) {
            return f.call(args.get(0), args.get(1), args.get(2));
        }
        throw new IllegalArgumentException("a " + kind(lambda) + " cannot be called with " + n + " argument" + (n == 1 ? "" : "s"));
    }

    /** How many arguments the lambda takes, or -1 if it is none of {@code Fn0} to {@code Fn3}. */
    public static int arity(Object lambda) {
        return lambda instanceof Fn0 ? 0 : lambda instanceof Fn1 ? 1 : lambda instanceof Fn2 ? 2 : lambda instanceof Fn3 ? 3 : -1;
    }

    private static String kind(Object lambda) {
        for (Class<?> i : lambda.getClass().getInterfaces()) {
            if (i.getName().startsWith("dev.bramble.client.Fn")) {
                return i.getSimpleName() + " (" + i.getSimpleName().substring(2) + " arguments)";
            }
        }
        return lambda.getClass().getName();
    }
}
