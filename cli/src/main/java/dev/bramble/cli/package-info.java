/**
 * The {@code ./bramble} launcher: {@code cluster start|stop}, {@code controller}, {@code worker} and
 * {@code profile create}, like ipyparallel's ipcluster, ipcontroller, ipengine and profile commands.
 * It starts each service as its own JVM with settings fit for a small machine.
 */
package dev.bramble.cli;
