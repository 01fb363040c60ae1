package dev.bramble.client.internal;

/** Where bulk values go and come from: the controller's blobs, under the SHA-256 of their bytes. */
public interface BlobStorage {

    /** Stores the bytes under their hash, which the caller computed. */
    void store(String hash, byte[] bytes);

    /** The bytes stored under the hash. */
    byte[] get(String hash);

    /** Stores the bytes; returns their hash. */
    default String put(byte[] bytes) {
        String hash = CodeBundler.sha256(bytes);
        store(hash, bytes);
        return hash;
    }

    /** Stores the body; returns the name it is stored under (here its hash). Storage that can send a body as it is made overrides this. */
    default String put(Body body) {
        return put(body.bytes());
    }

    /**
     * The value of the blob, of that type ({@link Values#TYPE}), reading classes with the loader. Storage that
     * can turn the bytes into the value as they arrive overrides this.
     */
    default Object value(String hash, String type, ClassLoader loader) {
        return new Values.Bulk(type, get(hash)).decode(loader);
    }

    /**
     * This storage with concurrent transfers of the same blob merged into one: engines of one worker that
     * fetch the same pushed value, or store equal results, move its bytes once.
     */
    static BlobStorage coalescing(BlobStorage storage) {
        return new CoalescingBlobStorage(storage);
    }
}
