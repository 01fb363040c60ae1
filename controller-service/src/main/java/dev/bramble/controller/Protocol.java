package dev.bramble.controller;

/** The version of the wire protocol; SDKs and workers that speak another are refused with a message naming both. */
public final class Protocol {

    /** Bumped whenever the wire changes incompatibly. */
    public static final int VERSION = 4;

    private Protocol() {
    }
}
