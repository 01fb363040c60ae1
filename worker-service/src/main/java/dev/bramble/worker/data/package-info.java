/**
 * Graph results a worker holds: the store, the server other workers fetch them from (with the engine
 * key), and the fetcher that gets a task's inputs from the workers that hold them.
 */
package dev.bramble.worker.data;
