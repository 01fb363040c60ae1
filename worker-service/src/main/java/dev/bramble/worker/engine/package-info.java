/**
 * Engines: one thread each, with its own namespace and queue. An engine runs a task, captures what it
 * prints, enforces its timeout and cancel by interrupting (and replacing a thread that ignores the
 * interrupt), and leaves a report in the shared outbox.
 */
package dev.bramble.worker.engine;
