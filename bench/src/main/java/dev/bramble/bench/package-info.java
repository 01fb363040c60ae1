/** The benchmark: Bramble's figures for workloads W1-W8 beside ipyparallel's and dask's, from one run on one machine. */
package dev.bramble.bench;
