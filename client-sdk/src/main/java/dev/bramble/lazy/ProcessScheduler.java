package dev.bramble.lazy;

import java.util.Map;
import java.util.Set;

/**
 * Runs tasks in n local worker JVMs (the same worker code as a cluster's), like dask's processes
 * scheduler but without a pool per compute: the JVMs start on first use and are reused until
 * {@link #close()} or the end of this JVM.
 */
final class ProcessScheduler extends Scheduler {

    private final int workers;
    private LocalCluster cluster;
    private DistributedScheduler delegate;

    ProcessScheduler(int workers) {
        this.workers = workers;
    }

    private synchronized DistributedScheduler delegate() {
        if (delegate == null) {
            cluster = new LocalCluster(workers);
            delegate = new DistributedScheduler(cluster.client());
        }
        return delegate;
    }

    @Override
    Map<String, Object> run(Graph graph, Set<String> outputs) {
        return delegate().run(graph, outputs);
    }

    @Override
    <T> Delayed<T> persist(Delayed<T> value) {
        return delegate().persist(value);
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            delegate = null;
        }
    }

    @Override
    public String toString() {
        return "processes(" + workers + ")";
    }
}
