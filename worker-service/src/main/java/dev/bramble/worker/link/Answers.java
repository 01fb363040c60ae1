package dev.bramble.worker.link;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The numbered answers this worker has had in its registration. The controller numbers each answer with
 * work, one after another, and sends it again when no acknowledgement comes (the answer or the
 * acknowledgement was lost on the way); each number is handed to the engines once, and acknowledged with
 * the next poll or heartbeat, again if the request carrying it fails. Numbers up to the registration's
 * last answer belong to an earlier registration, whose tasks the controller queued again.
 */
final class Answers {

    /** What one request acknowledges at most, as the contract allows. */
    static final int MAX_ACKS = 4096;

    /** Every number up to this one was handled (or belongs to an earlier registration). */
    private long handledThrough;
    /** Numbers above {@link #handledThrough} handled already: the gaps below them are answers still on the way. */
    private final TreeSet<Long> handledBeyond = new TreeSet<>();
    private final List<Long> acks = new ArrayList<>();

    /** A registration: numbering goes on after {@code lastAnswer}, and nothing older counts. */
    synchronized void registered(long lastAnswer) {
        handledThrough = lastAnswer;
        handledBeyond.clear();
        acks.clear();
    }

    /**
     * An answer numbered {@code sequence} came: true if its work is new, false for a copy of one handled
     * already or one of an earlier registration. Acknowledged either way.
     */
    synchronized boolean firstTime(long sequence) {
        acks.add(sequence);
        if (sequence <= handledThrough || !handledBeyond.add(sequence)) {
            return false;
        }
        while (!handledBeyond.isEmpty() && handledBeyond.first() == handledThrough + 1) {
            handledThrough = handledBeyond.pollFirst();
        }
        return true;
    }

    /** The acknowledgements for the next request (at most {@link #MAX_ACKS}); hand them back if it fails. */
    synchronized List<Long> take() {
        if (acks.isEmpty()) {
            return List.of();
        }
        List<Long> out = acks.size() <= MAX_ACKS ? List.copyOf(acks) : List.copyOf(acks.subList(0, MAX_ACKS));
        acks.subList(0, out.size()).clear();
        return out;
    }

    /** A request carrying these acknowledgements failed: they go with the next one. */
    synchronized void unsent(List<Long> taken) {
        acks.addAll(0, taken);
    }
}
