/**
 * Durable storage of tasks, jobs and engines behind one interface ({@link TaskStore}), with an embedded
 * file store (SQLite, the default), a memory store and PostgreSQL. {@link StoreWriter} turns many small
 * writes into group commits, so the hot path never waits for one database round trip per task.
 */
package dev.bramble.controller.store;
