/**
 * The values that describe tasks and jobs: their states, options, errors and the immutable snapshots
 * that the scheduler hands to the store and the API. Nothing here does I/O.
 */
package dev.bramble.controller.task;
