package dev.bramble.worker.engine;

import java.io.IOException;

/** Where an engine gets a bundle's bytes (the controller). */
@FunctionalInterface
public interface BundleSource {
    byte[] fetch(String hash) throws IOException;
}
