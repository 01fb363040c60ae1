package dev.bramble.client.internal;

/** Where bulk values go and come from: the controller's blobs, under the SHA-256 of their bytes. */
public interface BlobStorage {

    /** Stores the bytes; returns their hash. */
    String put(byte[] bytes);

    /** The bytes stored under the hash. */
    byte[] get(String hash);
}
