package dev.bramble.lazy;

import dev.bramble.client.Fn1;
import dev.bramble.client.internal.Calls;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Runs a fused chain of calls, in the client or on an engine (it travels as one lambda). */
final class Chain {

    private Chain() {
    }

    static Object run(List<Serializable> fns, List<List<Object>> laterArgs, List<Object> firstArgs) throws Exception {
        Object value = Calls.invoke(fns.get(0), firstArgs);
        for (int i = 1; i < fns.size(); i++) {
            value = Calls.invoke(fns.get(i), substitute(laterArgs.get(i - 1), value));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> substitute(List<Object> template, Object previous) {
        List<Object> out = new ArrayList<>(template.size());
        for (Object o : template) {
            if (o == Previous.VALUE) {
                out.add(previous);
            } else if (o instanceof PreviousList l) {
                out.add(substitute(l.items(), previous));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** Stands for the previous call's result in a later call's arguments. */
    enum Previous {
        VALUE
    }

    /** A list argument of a later call that holds the previous result somewhere inside. */
    record PreviousList(List<Object> items) implements Serializable {
    }

    /**
     * The chain as one lambda taking the list of the first call's arguments. Its captured values are
     * the calls and their arguments, so the code bundler ships the classes of every call.
     */
    static Fn1<List<Object>, Object> asLambda(List<Serializable> fns, List<List<Object>> laterArgs) {
        ArrayList<Serializable> calls = new ArrayList<>(fns);
        ArrayList<List<Object>> later = new ArrayList<>(laterArgs);
        return args -> run(calls, later, args);
    }
}
