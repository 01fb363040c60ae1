package dev.bramble.worker.engine;

import dev.bramble.client.wire.model.Code;

/**
 * The last few lambdas an engine loaded, by the identity of their code objects: a poll answer gives all
 * its tasks of one lambda the same code object, and a graph's tasks take turns among a few lambdas.
 * Found by comparing references; the oldest is replaced first. One engine thread uses it.
 */
final class RecentLambdas {

    private static final int SIZE = 8;

    private final Code[] codes = new Code[SIZE];
    private final CodeRunner.Loaded[] loaded = new CodeRunner.Loaded[SIZE];
    private int next;

    /** The lambda loaded from this very code object, or null. */
    CodeRunner.Loaded get(Code code) {
        for (int i = 0; i < SIZE; i++) {
            if (codes[i] == code) {
                return loaded[i];
            }
        }
        return null;
    }

    void put(Code code, CodeRunner.Loaded lambda) {
        codes[next] = code;
        loaded[next] = lambda;
        next = (next + 1) % SIZE;
    }
}
