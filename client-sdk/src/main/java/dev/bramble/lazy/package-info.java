/**
 * Lazy task graphs, like dask's {@code delayed}: build a graph with {@link dev.bramble.lazy.Delayed#delayed},
 * then compute it on a {@link dev.bramble.lazy.Scheduler} of your choice: in the calling thread, on a
 * thread pool, in local worker processes, or on a Bramble cluster.
 */
package dev.bramble.lazy;
