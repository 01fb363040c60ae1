/**
 * The worker's side of the worker protocol: register, long-poll with reports, send reports early while
 * a poll is parked, heartbeat, acknowledge each answer with work, deregister; back off while the
 * controller is away and register again when it comes back.
 */
package dev.bramble.worker.link;
